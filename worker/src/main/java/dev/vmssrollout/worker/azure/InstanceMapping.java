package dev.vmssrollout.worker.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInstanceViewInner;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.InstanceViewStatus;
import com.azure.resourcemanager.compute.models.OSDisk;
import com.azure.resourcemanager.compute.models.VirtualHardDisk;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.Instance.Health;
import dev.vmssrollout.model.Instance.PowerState;

import java.util.List;
import java.util.Locale;

/** Reads the instance view the way a rollout needs it. */
final class InstanceMapping {

    private InstanceMapping() {
    }

    static Instance fromAzure(VirtualMachineScaleSetVMInner vm) {
        VirtualMachineScaleSetVMInstanceViewInner view = vm.instanceView();
        List<InstanceViewStatus> statuses = view == null || view.statuses() == null ? List.of() : view.statuses();
        String provisioning = statusValue(statuses, "ProvisioningState/");
        boolean updating = "updating".equals(provisioning) || "creating".equals(provisioning)
                || "updating".equalsIgnoreCase(vm.provisioningState());
        OSDisk osDisk = vm.storageProfile() == null ? null : vm.storageProfile().osDisk();
        return new Instance(vm.instanceId(),
                view == null || view.platformUpdateDomain() == null ? 0 : view.platformUpdateDomain(),
                view == null || view.platformFaultDomain() == null ? 0 : view.platformFaultDomain(),
                vm.zones() == null || vm.zones().isEmpty() ? null : vm.zones().get(0),
                runningImage(vm.storageProfile() == null ? null : vm.storageProfile().imageReference(),
                        osDisk == null ? null : osDisk.image()),
                Boolean.TRUE.equals(vm.latestModelApplied()),
                power(statusValue(statuses, "PowerState/")),
                updating,
                health(view));
    }

    /**
     * What the instance runs. Its image reference repeats the model's, "latest" included; Azure's
     * read-only exactVersion says which version that resolved to, and a rollback must restore that one.
     */
    private static Image runningImage(ImageReference reference, VirtualHardDisk osDiskImage) {
        Image image = ImageMapping.fromAzure(reference, osDiskImage);
        return image == null || reference == null ? image : image.pinnedTo(reference.exactVersion());
    }

    static boolean provisioningFailed(VirtualMachineScaleSetVMInner vm) {
        VirtualMachineScaleSetVMInstanceViewInner view = vm.instanceView();
        String status = view == null || view.statuses() == null ? null : statusValue(view.statuses(), "ProvisioningState/");
        // Compute names the cause after the state: ProvisioningState/failed/VMExtensionProvisioningError.
        return "failed".equalsIgnoreCase(vm.provisioningState())
                || (status != null && (status.equals("failed") || status.startsWith("failed/")));
    }

    /**
     * What Azure says about an instance that failed or reports itself unhealthy: the failed provisioning status's
     * code (the part after {@code ProvisioningState/failed/}) and message, else the health status's; null for an
     * instance with nothing wrong.
     */
    static InstanceProblem problem(VirtualMachineScaleSetVMInner vm) {
        VirtualMachineScaleSetVMInstanceViewInner view = vm.instanceView();
        Health health = health(view);
        if (provisioningFailed(vm)) {
            InstanceViewStatus failed = view == null || view.statuses() == null ? null : view.statuses().stream()
                    .filter(s -> s.code() != null && s.code().toLowerCase(Locale.ROOT).startsWith("provisioningstate/failed"))
                    .findFirst().orElse(null);
            // Only what Azure reported: no code when it named none (a bare "failed" state).
            String code = failed == null ? "" : failed.code().substring("ProvisioningState/failed".length());
            return new InstanceProblem(code.isEmpty() ? null : code.substring(1),
                    failed == null ? null : messageOf(failed), health);
        }
        if (health == Health.UNHEALTHY) {
            InstanceViewStatus status = view.vmHealth().status();
            return new InstanceProblem(status.code(), messageOf(status), health);
        }
        return null;
    }

    private static String messageOf(InstanceViewStatus status) {
        return status.message() != null && !status.message().isBlank() ? status.message() : status.displayStatus();
    }

    private static String statusValue(List<InstanceViewStatus> statuses, String prefix) {
        for (InstanceViewStatus status : statuses) {
            if (status.code() != null && status.code().startsWith(prefix)) {
                return status.code().substring(prefix.length()).toLowerCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static PowerState power(String value) {
        if (value == null) {
            return PowerState.UNKNOWN;
        }
        return switch (value) {
            case "running" -> PowerState.RUNNING;
            case "starting" -> PowerState.STARTING;
            case "stopped", "stopping" -> PowerState.STOPPED;
            case "deallocated", "deallocating" -> PowerState.DEALLOCATED;
            default -> PowerState.UNKNOWN;
        };
    }

    /**
     * vmHealth comes from the Application Health extension (or a load-balancer probe); without one
     * nothing says whether the instance serves: UNKNOWN, never assumed HEALTHY. Whether a plan lets
     * a running instance without a signal count as healthy is the health wait's decision.
     */
    private static Health health(VirtualMachineScaleSetVMInstanceViewInner view) {
        if (view == null || view.vmHealth() == null || view.vmHealth().status() == null
                || view.vmHealth().status().code() == null) {
            return Health.UNKNOWN;
        }
        String code = view.vmHealth().status().code().toLowerCase(Locale.ROOT);
        if (code.endsWith("/healthy")) {
            return Health.HEALTHY;
        }
        return code.endsWith("/unhealthy") ? Health.UNHEALTHY : Health.UNKNOWN;
    }
}
