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
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A VM list with instance views is a high-cost read that a subscription's rollouts share. Right after Azure accepted a
 * wave's upgrade, a poll finds every instance still upgrading: once the scale set's first wave has shown how long a
 * wave takes, the next wave's first poll waits for most of that time.
 */
class HealthPollQuietStartTest {

    private static final ScaleSetKey KEY = ScaleSetKey.of("00000000-0000-0000-0000-0000000000a1", "quiet-rg", "web");
    private static final ScaleSetRef REF = new ScaleSetRef(KEY.subscriptionId(), KEY.resourceGroup(), KEY.name());
    private static final HealthPolicy HEALTH = new HealthPolicy(Duration.ofMinutes(5), Duration.ZERO, 0);

    private final Simulator simulator;
    private final TestActivityEnvironment env = TestActivityEnvironment.newInstance();

    HealthPollQuietStartTest() throws IOException {
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).build());
    }

    @AfterEach
    void stop() {
        env.close();
        simulator.close();
    }

    @Test
    void theFirstPollOfALaterWaveWaitsMostOfTheFirstWavesTime() {
        // Two update domains of one instance; an upgrade takes 3 s, so the first wave teaches a quiet start of about
        // 2.7 s.
        ScaleSetActivities azure = scaleSetOfTwoWaves(3_000, Duration.ofMillis(100));
        firstWave(azure);

        azure.upgradeInstances(REF, List.of("1"));
        long listsBefore = lists();
        CompletableFuture<WaveHealth> second = CompletableFuture.supplyAsync(() -> awaitHealthy(azure, "1"));
        await("no poll while the second wave surely still upgrades").during(Duration.ofMillis(1_500))
                .atMost(Duration.ofSeconds(2)).until(() -> lists() == listsBefore);
        assertThat(second.join().outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY);
        assertThat(lists()).as("the second wave's polls").isGreaterThan(listsBefore);
    }

    @Test
    void aLaterWavesSecondPollWaitsForWhenTheFirstTurnedHealthy() {
        // Polls may come every 100 ms, but after the first poll (at 90 % of the first wave's 3 s) the next waits for
        // the time the first wave was seen to end, when this one should too: at most 3 polls instead of 4 or more.
        ScaleSetActivities azure = scaleSetOfTwoWaves(3_000, Duration.ofMillis(100));
        firstWave(azure);

        azure.upgradeInstances(REF, List.of("1"));
        long listsBefore = lists();
        assertThat(awaitHealthy(azure, "1").outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY);
        assertThat(lists() - listsBefore).as("the second wave's polls").isBetween(1L, 3L);
    }

    /** A scale set of two update domains of one instance each, its model already changed. */
    private ScaleSetActivities scaleSetOfTwoWaves(long upgradeMillis, Duration pollInterval) {
        simulator.createScaleSet(KEY, ScaleSetSpec.builder().capacity(2).updateDomains(2).upgradeMillis(upgradeMillis)
                .bootMillis(0).upgradePolicy(UpgradeMode.MANUAL)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
        AzureSettings settings = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                pollInterval);
        env.registerActivitiesImplementations(new AzureScaleSetActivities(new ComputeClients(settings)));
        ScaleSetActivities azure = env.newActivityStub(ScaleSetActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofMinutes(2)).setHeartbeatTimeout(Duration.ofSeconds(30)).build());
        azure.patchModelImage(REF, null, Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010"),
                null);
        return azure;
    }

    private static void firstWave(ScaleSetActivities azure) {
        azure.upgradeInstances(REF, List.of("0"));
        assertThat(awaitHealthy(azure, "0").outcome()).isEqualTo(WaveHealth.Outcome.HEALTHY);
    }

    private static WaveHealth awaitHealthy(ScaleSetActivities azure, String instanceId) {
        return azure.awaitWaveHealthy(REF, List.of(instanceId), HEALTH, Instant.now().plusSeconds(60));
    }

    private long lists() {
        return simulator.report(KEY).armRequests("ListVMsInstanceView");
    }
}
