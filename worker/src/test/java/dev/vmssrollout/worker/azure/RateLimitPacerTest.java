package dev.vmssrollout.worker.azure;

import com.azure.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPacerTest {
    private static final String SCALE_SET = "/subscriptions/S1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web";

    @Test
    void readsEachPolicyAsTheSmallerOfItsWindows() {
        assertThat(RateLimitPacer.remainingByPolicy(
                "Microsoft.Compute/HighCostGetVMScaleSet3Min;107,Microsoft.Compute/HighCostGetVMScaleSet30Min;82"))
                .containsExactly(java.util.Map.entry("HighCostGetVMScaleSet", 82L));
        assertThat(RateLimitPacer.remainingByPolicy(
                "Microsoft.Compute/VMScaleSetBatchedVMRequests5Min;3704,Microsoft.Compute/GetOperation3Min;5"))
                .containsEntry("VMScaleSetBatchedVMRequests", 3704L).containsEntry("GetOperation", 5L);
        assertThat(RateLimitPacer.remainingByPolicy(null)).isEmpty();
        assertThat(RateLimitPacer.remainingByPolicy("garbage")).isEmpty();
    }

    @Test
    void classifiesRequestsAsComputeChargesThem() {
        assertThat(RateLimitPacer.policyOf(HttpMethod.GET, SCALE_SET, "api-version=2025-04-01")).isEqualTo("GetVMScaleSet");
        assertThat(RateLimitPacer.policyOf(HttpMethod.GET, SCALE_SET + "/virtualMachines",
                "$expand=instanceView&api-version=2025-04-01")).isEqualTo("HighCostGetVMScaleSet");
        assertThat(RateLimitPacer.policyOf(HttpMethod.GET, SCALE_SET + "/virtualMachines", "api-version=2025-04-01"))
                .isEqualTo("GetVMScaleSet");
        assertThat(RateLimitPacer.policyOf(HttpMethod.POST, SCALE_SET + "/manualupgrade", null))
                .isEqualTo("VMScaleSetBatchedVMRequests");
        assertThat(RateLimitPacer.policyOf(HttpMethod.PATCH, SCALE_SET, null)).isEqualTo("UpdateVMScaleSet");
        assertThat(RateLimitPacer.policyOf(HttpMethod.GET,
                "/subscriptions/S1/providers/Microsoft.Compute/locations/westeurope/operations/abc", null))
                .isEqualTo("GetOperation");
    }

    /** A model read (GetVMScaleSet) is not held back because the high-cost list budget runs low, and vice versa. */
    @Test
    void pacesOnlyThePolicyThatRunsLowInThatSubscription() {
        RateLimitPacer pacer = new RateLimitPacer();
        String s1 = RateLimitPacer.subscriptionOf(SCALE_SET + "/virtualMachines");

        pacer.observe(s1, TestResponses.withHeader(RateLimitPacer.REMAINING,
                "Microsoft.Compute/HighCostGetVMScaleSet3Min;40,Microsoft.Compute/HighCostGetVMScaleSet30Min;0"));

        assertThat(pacer.pause(s1, RateLimitPacer.HIGH_COST_READS)).isEqualTo(Duration.ofSeconds(2));
        assertThat(pacer.pause(s1, "GetVMScaleSet")).isZero();
        assertThat(pacer.pause("s2", RateLimitPacer.HIGH_COST_READS)).isZero();
        assertThat(pacer.remaining("S1", RateLimitPacer.HIGH_COST_READS)).hasValue(0);
    }

    @Test
    void pacesHarderAsTheBudgetShrinks() {
        RateLimitPacer pacer = new RateLimitPacer();
        pacer.observe("x", TestResponses.withHeader(RateLimitPacer.REMAINING, "Microsoft.Compute/GetVMScaleSet3Min;8"));
        Duration at8 = pacer.pause("x", "GetVMScaleSet");
        pacer.observe("x", TestResponses.withHeader(RateLimitPacer.REMAINING, "Microsoft.Compute/GetVMScaleSet3Min;2"));

        assertThat(pacer.pause("x", "GetVMScaleSet")).isGreaterThan(at8);
        assertThat(at8).isPositive();
    }

    @Test
    void keysASubscriptionAsItsRequestsAreKeyed() {
        assertThat(RateLimitPacer.subscriptionOf(SCALE_SET + "/virtualMachines?$expand=instanceView")).isEqualTo("s1");
        assertThat(RateLimitPacer.subscriptionOf("/providers/Microsoft.Compute/operations")).isEmpty();
    }
}
