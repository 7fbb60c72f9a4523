package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.WaveHealth;
import io.temporal.activity.ActivityOptions;
import io.temporal.testing.TestActivityEnvironment;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the 50-scale-set benchmark: rollouts of a busy subscription that never got a turn at the shared health-read
 * budget before their wave's deadline paused "0 of 20 instances not healthy", judged on no read at all. A wave is now
 * read once more at its deadline, turn or not, and judged on what that read shows.
 */
class HealthReadAtTheDeadlineTest {

    private static final ScaleSetKey KEY = ScaleSetKey.of("00000000-0000-0000-0000-0000000000a2", "busy-rg", "web");
    private static final ScaleSetRef REF = new ScaleSetRef(KEY.subscriptionId(), KEY.resourceGroup(), KEY.name());

    private final Simulator simulator;
    private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

    HealthReadAtTheDeadlineTest() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).build());
    }

    @AfterEach
    void stop() {
        env.close();
        simulator.close();
    }

    @Test
    void aWaveWhoseSubscriptionHadNoReadLeftIsReadAtItsDeadlineAndSeenHealthy() {
        simulator.createScaleSet(KEY, ScaleSetSpec.builder().capacity(2).updateDomains(2).upgradeMillis(300)
                .bootMillis(0).upgradePolicy(UpgradeMode.MANUAL)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
        // One read at once, then one every 20 minutes: the upgrade below takes the only one there is (in Temporal's
        // test environment an activity's attempt is 0, so the upgrade lists the wave's instances first).
        AzureSettings settings = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                Duration.ofMillis(100)).withHealthReadBudget(new RequestBudget(4, Duration.ofHours(1)));
        env.registerActivitiesImplementations(new AzureScaleSetActivities(new ComputeClients(settings)));
        ScaleSetActivities azure = env.newActivityStub(ScaleSetActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(30)).build());
        azure.patchModelImage(REF, null, Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010"),
                null);
        azure.upgradeInstances(REF, List.of("0"));
        long listsBefore = lists();
        assertThat(listsBefore).as("the upgrade's own list").isEqualTo(1);

        WaveHealth health = azure.awaitWaveHealthy(REF, List.of("0"),
                new HealthPolicy(Duration.ofSeconds(3), Duration.ZERO, 0), Instant.now().plusSeconds(3));

        assertThat(health.outcome()).as(health.detail()).isEqualTo(WaveHealth.Outcome.HEALTHY);
        assertThat(lists() - listsBefore).as("one read, at the deadline").isEqualTo(1);
    }

    private long lists() {
        return simulator.report(KEY).armRequests("ListVMsInstanceView");
    }
}
