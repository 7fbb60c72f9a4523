package dev.vmssrollout.worker;

import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.notifications.NotificationSettings;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseWorkflow;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestWorkflowEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The worker process's composition: what {@code java -jar} the worker serves, as docker-compose runs it. */
class WorkerMainTest {

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    @Test
    void theWorkerProcessServesReleasesNotOnlyRollouts() throws Exception {
        ScaleSetKey web = ScaleSetKey.of("00000000-0000-0000-0000-000000000000", "main-rg", "web");
        try (Simulator simulator = Simulator.start(SimulatorOptions.builder().port(0).build())) {
            simulator.createScaleSet(web, ScaleSetSpec.builder().capacity(2).upgradePolicy(UpgradeMode.MANUAL)
                    .upgradeMillis(100).bootMillis(100)
                    .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
            TestWorkflowEnvironment temporal = TestWorkflowEnvironment.newInstance();
            ComputeClients compute = new ComputeClients(AzureSettings.simulator(simulator.baseUrl().toString(),
                    simulator.certificatePem(), Duration.ofMillis(50)));
            RolloutWorker worker = WorkerMain.startWorker(temporal.getWorkflowClient(), compute, database.dataSource(),
                    NotificationSettings.none(), Map.of(), new SimpleMeterRegistry());
            try {
                String id = startRelease(temporal.getWorkflowClient(), web);

                // Before the fix the process polled only the rollouts' task queue: the release stayed PENDING.
                JdbcReleaseStore releases = new JdbcReleaseStore(database.dataSource());
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(releases.find(id).orElseThrow()
                        .state()).isEqualTo(RolloutState.SUCCEEDED));
            } finally {
                worker.shutdown(Duration.ofSeconds(5));
                temporal.close();
            }
        }
    }

    private static String startRelease(WorkflowClient client, ScaleSetKey web) {
        RolloutPlan rollout = new RolloutPlan(null, ImageChange.toVersion("24.04.202410010"), Strategy.byUpdateDomain(),
                null, new HealthPolicy(Duration.ofMinutes(1), Duration.ZERO, 0), null, false);
        ReleasePlan plan = new ReleasePlan(rollout, List.of(new ReleaseStage("only", List.of(new ReleaseScaleSet(
                web.subscriptionId(), web.resourceGroup(), web.name(), "westeurope")), 1, Duration.ZERO)), false)
                .withDefaults();
        String id = "release-of-the-worker-process";
        new JdbcReleaseStore(database.dataSource()).create(new NewRelease(id, plan, "alice", Instant.now()));
        ReleaseInput input = new ReleaseInput(id, plan, "alice", true, false);
        WorkflowClient.start(client.newWorkflowStub(ReleaseWorkflow.class, ReleaseWorkflowOptions.forRelease(id, input))
                ::run, input);
        return id;
    }
}
