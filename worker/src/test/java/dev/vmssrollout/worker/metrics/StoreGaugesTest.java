package dev.vmssrollout.worker.metrics;

import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.RolloutState;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class StoreGaugesTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    @Test
    void releasesAreCountedByStateBesideRollouts() {
        JdbcClient jdbc = JdbcClient.create(database.dataSource());
        release(jdbc, "paused-1", RolloutState.PAUSED);
        release(jdbc, "done-1", RolloutState.SUCCEEDED);
        release(jdbc, "done-2", RolloutState.SUCCEEDED);
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        new StoreGauges(database.dataSource(), Duration.ZERO, Clock.systemUTC()).register(meters);

        // Read in the background: a gauge shows NaN until the first read has finished.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(meters.get("vmss.rollout.releases").tag("state", "PAUSED").gauge().value()).isEqualTo(1);
            assertThat(meters.get("vmss.rollout.releases").tag("state", "SUCCEEDED").gauge().value()).isEqualTo(2);
        });
        assertThat(meters.get("vmss.rollout.releases").tag("state", "RUNNING").gauge().value()).isZero();
        assertThat(meters.find("vmss.rollout.releases").gauges()).hasSize(RolloutState.values().length);
    }

    private static void release(JdbcClient jdbc, String id, RolloutState state) {
        OffsetDateTime now = OffsetDateTime.now();
        jdbc.sql("INSERT INTO releases (id, state, plan, submitted_by, created_at, updated_at) "
                        + "VALUES (:id, :state, '{}'::jsonb, 'alice', :at, :at)")
                .param("id", id).param("state", state.name()).param("at", now).update();
    }
}
