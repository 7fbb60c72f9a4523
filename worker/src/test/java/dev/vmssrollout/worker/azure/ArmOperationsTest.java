package dev.vmssrollout.worker.azure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class ArmOperationsTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web                        | GET virtualmachinescalesets
            PUT    | /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web                        | PUT virtualmachinescalesets
            GET    | /subscriptions/s2/resourceGroups/other/providers/Microsoft.Compute/virtualMachineScaleSets/api/virtualMachines     | GET virtualmachinescalesets/virtualmachines
            GET    | /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/virtualMachines/17/    | GET virtualmachinescalesets/virtualmachines
            POST   | /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/manualupgrade          | POST virtualmachinescalesets/manualupgrade
            GET    | /subscriptions/s1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/rollingUpgrades/latest | GET virtualmachinescalesets/rollingupgrades
            GET    | /subscriptions/s1/providers/Microsoft.Compute/locations/westeurope/operations/0b1d-42                              | GET locations/operations
            GET    | /providers/Microsoft.Compute                                                                                       | GET microsoft.compute
            GET    | /subscriptions/s1                                                                                                  | GET subscriptions
            DELETE | /something/else                                                                                                    | DELETE something
            """)
    void namesAnArmRequestByMethodAndResourceTypesWithoutNames(String method, String path, String operation) {
        assertThat(ArmOperations.of(method, path)).isEqualTo(operation);
    }
}
