package dev.vmssrollout.worker;

import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.RequestBudget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The worker's three Compute budgets as its environment sets them, and Compute-safe defaults without. */
class WorkerBudgetSettingsTest {

    @Test
    void withoutSettingsEachBudgetStaysInsideComputesOwn() {
        AzureSettings azure = WorkerMain.azure(Map.of());

        assertThat(azure.healthReadBudget()).isEqualTo(RequestBudget.AZURE_DEFAULT);
        assertThat(azure.upgradeBudget()).isEqualTo(new RequestBudget(800, Duration.ofMinutes(5)));
        assertThat(azure.modelReadBudget()).isEqualTo(new RequestBudget(120, Duration.ofMinutes(3)));
    }

    @Test
    void eachBudgetIsItsOwnVariableAndAMistakeNamesIt() {
        AzureSettings azure = WorkerMain.azure(Map.of("VMSS_ROLLOUT_UPGRADE_BUDGET", "400/PT5M",
                "VMSS_ROLLOUT_MODEL_READ_BUDGET", "unlimited"));

        assertThat(azure.upgradeBudget()).isEqualTo(new RequestBudget(400, Duration.ofMinutes(5)));
        assertThat(azure.modelReadBudget()).isEqualTo(RequestBudget.UNLIMITED);
        assertThatThrownBy(() -> WorkerMain.azure(Map.of("VMSS_ROLLOUT_UPGRADE_BUDGET", "800 a minute")))
                .hasMessageStartingWith("VMSS_ROLLOUT_UPGRADE_BUDGET: a request budget is written");
    }
}
