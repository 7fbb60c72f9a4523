package dev.vmssrollout.api.e2e;

import dev.vmssrollout.api.reconciler.Reconciler;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Temporal loses a running rollout; the reconciler restarts it from PostgreSQL and no wave is upgraded twice. */
class ReconcilerEndToEndTest extends EndToEndTestSupport {

    @Autowired
    Reconciler reconciler;

    @Test
    void rolloutLostWithTemporalResumesAfterItsLastCompletedWave() throws Exception {
        ScaleSetKey web = LocalStack.get().scaleSet("e2e-recover", 20, 300, 100);
        String id = read(submit("alice", body("e2e-recover", "")).getResponse().getContentAsString(), "$.id");
        awaitRollout(id, json -> ((List<?>) read(json, "$.waves[?(@.state == 'SUCCEEDED')]")).size() >= 2);

        LocalStack.get().replaceTemporal();
        assertThat(reconciler.reconcile().started()).contains(id);
        // The restarted workflow runs now: another round must leave it alone.
        assertThat(reconciler.reconcile().started()).doesNotContain(id);

        String done = awaitState(id, "SUCCEEDED");
        List<String> types = read(done, "$.events[*].type");
        assertThat(types).contains("RECOVERED").endsWith("SUCCEEDED");
        assertThat((List<String>) read(done, "$.waves[*].state")).containsOnly("SUCCEEDED");
        ScaleSetReport report = LocalStack.get().report(web);
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
    }
}
