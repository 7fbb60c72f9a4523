package dev.vmssrollout.db;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.freshScaleSet;
import static dev.vmssrollout.db.Fixtures.planFor;
import static org.assertj.core.api.Assertions.assertThat;

class StoreJsonTest {

    // An API-side mapper tuned for HTTP must not change what lands in the database.
    private final StoreJson json = new StoreJson(new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));

    @Test
    void storesPlansInAFixedReadableFormatAndReadsThemBack() {
        RolloutPlan plan = planFor(freshScaleSet());

        String stored = json.write(plan);

        assertThat(stored).contains("\"allowPolicySwitch\":false", "\"timeout\":\"PT20M\"", "\"pauseBetweenWaves\":\"PT5M\"",
                "\"version\":\"24.04.202501010\"");
        assertThat(json.readPlan(stored)).isEqualTo(plan);
    }

    @Test
    void storesOnlyTheComponentsOfAnImageAndToleratesFieldsItDoesNotKnow() {
        String stored = json.write(BASELINE);

        assertThat(stored).doesNotContain("platform").contains("\"previousUpgradePolicy\":\"Manual\"");
        String fromANewerRelease = stored.replaceFirst("\\{", "{\"addedLater\":1,");
        assertThat(json.readBaseline(fromANewerRelease)).isEqualTo(BASELINE);
        assertThat(json.read(null, ProgressEvent.Baseline.class)).isNull();
    }
}
