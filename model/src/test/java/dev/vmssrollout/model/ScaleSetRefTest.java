package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScaleSetRefTest {

    @Test
    void buildsTheArmResourceIdAzurePrints() {
        ScaleSetRef web = new ScaleSetRef(RolloutPlanFixture.SUBSCRIPTION, "demo-rg", "web");

        assertThat(web.resourceId()).isEqualTo("/subscriptions/00000000-0000-0000-0000-000000000000"
                + "/resourceGroups/demo-rg/providers/Microsoft.Compute/virtualMachineScaleSets/web");
        assertThat(web).hasToString("demo-rg/web");
    }
}
