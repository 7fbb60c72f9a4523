package dev.vmssrollout.worker.azure;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RateLimitPacerTest {

    @Test
    void readsTheSmallestOfComputesBudgets() {
        assertThat(RateLimitPacer.smallestBudget(
                "Microsoft.Compute/HighCostGetVMScaleSet3Min;107,Microsoft.Compute/HighCostGetVMScaleSet30Min;827"))
                .isEqualTo(107L);
        assertThat(RateLimitPacer.smallestBudget(null)).isNull();
        assertThat(RateLimitPacer.smallestBudget("garbage")).isNull();
    }

    @Test
    void pacesOnlyTheScaleSetWhoseBudgetRunsLow() {
        RateLimitPacer pacer = new RateLimitPacer();
        String web = RateLimitPacer.scaleSetOf(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/virtualMachines");
        String api = RateLimitPacer.scaleSetOf(
                "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/api");

        assertThat(pacer.pause(web)).isZero();
        pacer.observe(web, TestResponses.withHeader(RateLimitPacer.REMAINING, "Microsoft.Compute/HighCostGetVMScaleSet3Min;0"));

        assertThat(pacer.pause(web)).isEqualTo(Duration.ofSeconds(2));
        assertThat(pacer.pause(api)).isZero();
    }

    @Test
    void pacesHarderAsTheBudgetShrinks() {
        RateLimitPacer pacer = new RateLimitPacer();
        pacer.observe("x", TestResponses.withHeader(RateLimitPacer.REMAINING, "b;8"));
        Duration at8 = pacer.pause("x");
        pacer.observe("x", TestResponses.withHeader(RateLimitPacer.REMAINING, "b;2"));

        assertThat(pacer.pause("x")).isGreaterThan(at8);
        assertThat(at8).isPositive();
    }

    @Test
    void keysAScaleSetAsItsRequestsAreKeyed() {
        String fromRequest = RateLimitPacer.scaleSetOf("/subscriptions/S1/resourceGroups/Demo-RG/providers"
                + "/Microsoft.Compute/virtualMachineScaleSets/Web/virtualMachines?$expand=instanceView");
        assertThat(RateLimitPacer.keyOf("S1", "Demo-RG", "Web")).isEqualTo(fromRequest);

        RateLimitPacer pacer = new RateLimitPacer();
        assertThat(pacer.remaining(fromRequest)).isEmpty();
        pacer.observe(fromRequest, TestResponses.withHeader(RateLimitPacer.REMAINING, "b;42"));
        assertThat(pacer.remaining(RateLimitPacer.keyOf("S1", "Demo-RG", "Web"))).hasValue(42);
    }
}
