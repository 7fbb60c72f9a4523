package dev.vmssrollout.db;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.Measurement;
import dev.vmssrollout.model.store.NewRollout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static dev.vmssrollout.db.Fixtures.BASELINE;
import static dev.vmssrollout.db.Fixtures.SUBSCRIPTION;
import static dev.vmssrollout.db.Fixtures.T0;
import static dev.vmssrollout.db.Fixtures.planFor;
import static dev.vmssrollout.db.Fixtures.threeWaves;
import static org.assertj.core.api.Assertions.assertThat;

/** The version readers compare their copy of a rollout with: it must move whenever what find returns moves. */
class RolloutVersionTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    private final JdbcRolloutStore store = new JdbcRolloutStore(db.dataSource());
    private final JdbcAnalysisStore analysis = new JdbcAnalysisStore(db.dataSource());

    @Test
    void everyRecordedEventMovesTheVersionAnOutOfOrderOneToo() {
        String id = submit("web");
        EventScript script = new EventScript(id, T0);
        long submitted = store.version(id).orElseThrow();

        ProgressEvent preflight = script.preflightPassed(BASELINE);
        store.record(script.wavesPlanned(threeWaves()));
        long afterPlan = store.version(id).orElseThrow();
        store.record(preflight);
        long afterLateEvent = store.version(id).orElseThrow();
        store.record(preflight);

        assertThat(afterPlan).isGreaterThan(submitted);
        assertThat(afterLateEvent).as("an event older than the newest changes the baseline, not the rollout's state")
                .isGreaterThan(afterPlan);
        assertThat(store.version(id)).as("the same event again changes nothing").hasValue(afterLateEvent);
    }

    @Test
    void anAnalysisSampleMovesTheVersionOnceEvenWhenStoredAgain() {
        String id = submit("api");
        long before = store.version(id).orElseThrow();
        List<Measurement> sample = List.of(new Measurement(0, T0, 1, "errors", "prometheus", "rate(errors[1m])",
                T0, T0.plusSeconds(60), Map.of("vm0", 0.5), 0.5, 0.4, "<= baseline * 1.5", Verdict.PASS, "0.5 <= 0.6",
                T0.plusSeconds(61)));

        analysis.recordSample(id, sample);
        long afterSample = store.version(id).orElseThrow();
        analysis.recordSample(id, sample);

        assertThat(afterSample).isGreaterThan(before);
        assertThat(store.version(id)).hasValue(afterSample);
    }

    @Test
    void anUnknownRolloutHasNoVersion() {
        assertThat(store.version("no-such-rollout")).isEmpty();
    }

    private String submit(String scaleSet) {
        NewRollout rollout = new NewRollout(Fixtures.newId(), planFor(new ScaleSetRef(SUBSCRIPTION, "version-rg", scaleSet)),
                "alice", null, T0);
        store.create(rollout);
        return rollout.rolloutId();
    }
}
