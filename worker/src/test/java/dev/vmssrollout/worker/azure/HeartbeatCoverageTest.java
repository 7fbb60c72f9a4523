package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.workflows.ScaleSetActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, scenario 10: no single ARM call may outlast the heartbeat timeout without heartbeating. One call that takes
 * 6 s (the simulator's latency fault; a throttled request waits up to the production Retry-After cap of 60 s inside
 * the SDK the same way) must heartbeat while it waits.
 */
class HeartbeatCoverageTest {

    private final Simulator simulator;
    private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

    HeartbeatCoverageTest() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
    }

    @AfterEach
    void stop() {
        env.close();
        simulator.close();
    }

    @Test
    void heartbeatsCoverEveryLongCall() {
        ScaleSetKey key = ScaleSetKey.of("00000000-0000-0000-0000-000000000000", "heartbeat-rg", "slow");
        simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(2).upgradePolicy(UpgradeMode.MANUAL)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
        simulator.setFaults(key, Faults.builder().latencyMillis(6_000).build());
        AzureSettings production = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL);
        assertThat(production.maxRetryAfter()).isEqualTo(AzureSettings.DEFAULT_MAX_RETRY_AFTER);
        env.registerActivitiesImplementations(new AzureScaleSetActivities(new ComputeClients(production)));
        List<Object> heartbeats = new CopyOnWriteArrayList<>();
        env.setActivityHeartbeatListener(String.class, heartbeats::add);
        ScaleSetActivities azure = env.newActivityStub(ScaleSetActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(30)).build());

        azure.listInstances(new ScaleSetRef(key.subscriptionId(), key.resourceGroup(), key.name()));

        assertThat(heartbeats).as("heartbeats sent while one 6 s ARM call ran").isNotEmpty();
    }
}
