package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A VM list outside a health wait (a rollout's census, a release's bake check) is a high-cost read like a poll: it
 * takes its page, and any further pages, from the subscription's health-read budget, which every worker shares.
 */
class ListInstancesBudgetTest {

    private static final ScaleSetKey KEY = ScaleSetKey.of("00000000-0000-0000-0000-00000000b0d9", "budget-rg", "web");
    /** A burst of 3 reads, refilled at one per 10 minutes: nothing refills while the test runs. */
    private static final RequestBudget HEALTH_READS = new RequestBudget(12, Duration.ofMinutes(90));

    private static Simulator simulator;

    @BeforeAll
    static void start() throws IOException {
        // Pages of 2 VMs: the scale set of 3 takes two pages, two high-cost reads.
        simulator = Simulator.start(SimulatorOptions.builder().port(0).dataDir(null).pageSize(2).build());
        simulator.createScaleSet(KEY, ScaleSetSpec.builder().capacity(3).upgradePolicy(UpgradeMode.MANUAL)
                .image(OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010")).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aVmListTakesEachOfItsPagesFromTheSharedHealthReadBudget() {
        LocalTokenBuckets buckets = new LocalTokenBuckets(System::nanoTime);
        AzureSettings settings = AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                AzureSettings.DEFAULT_HEALTH_POLL_INTERVAL).withHealthReadBudget(HEALTH_READS);
        AzureScaleSetActivities activities = new AzureScaleSetActivities(new ComputeClients(settings), buckets);
        SharedBudget sameBudget = new SharedBudget("health-reads", HEALTH_READS, buckets, System::nanoTime);
        String subscription = "subscription " + KEY.subscriptionId();

        assertThat(activities.listInstances(new ScaleSetRef(KEY.subscriptionId(), KEY.resourceGroup(), KEY.name())))
                .hasSize(3);

        assertThat(simulator.report(KEY).armRequests()).containsEntry("ListVMsInstanceView", 2L);
        assertThat(sameBudget.reserve(subscription, 1)).as("3 - 2 pages: one read left").isZero();
        assertThat(sameBudget.reserve(subscription, 1)).as("none left").isPositive();
    }
}
