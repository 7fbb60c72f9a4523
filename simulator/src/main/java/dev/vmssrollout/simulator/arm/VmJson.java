package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.Health;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.ProvisioningState;
import dev.vmssrollout.simulator.compute.ScaleSetModel;
import dev.vmssrollout.simulator.compute.ScaleSetSetup;
import dev.vmssrollout.simulator.json.Json;

import java.util.Locale;

/** A scale set VM and its instance view as ARM shows them. */
final class VmJson {
    static final String TYPE = "Microsoft.Compute/virtualMachineScaleSets/virtualMachines";

    private VmJson() {
    }

    static ObjectNode render(ScaleSetKey key, ScaleSetSetup setup, ScaleSetModel model, InstanceState vm,
                             boolean withInstanceView) {
        String location = setup.location();
        ObjectNode root = Json.object()
            .put("id", key.resourceId() + "/virtualMachines/" + vm.instanceId())
            .put("name", key.name() + "_" + vm.instanceId())
            .put("instanceId", vm.instanceId())
            .put("type", TYPE)
            .put("location", location);
        if (vm.zone() != null) {
            root.putArray("zones").add(vm.zone());
        }
        root.putObject("sku").put("name", model.vmSize()).put("tier", model.skuTier());
        ObjectNode properties = root.putObject("properties")
            .put("latestModelApplied", vm.latestModelApplied())
            .put("vmId", vm.vmId())
            .put("provisioningState", vm.provisioningState().armName());
        properties.putObject("hardwareProfile").put("vmSize", model.vmSize());
        ImageJson.render(properties.putObject("storageProfile"), vm.image(), true);
        properties.putObject("osProfile").put("computerName", computerName(model, vm))
            .put("adminUsername", model.adminUsername());
        if (withInstanceView) {
            properties.set("instanceView", instanceView(setup, model, vm));
        }
        return root;
    }

    /** vmHealth only with a health extension: without a health source Azure reports none. */
    static ObjectNode instanceView(ScaleSetSetup setup, ScaleSetModel model, InstanceState vm) {
        ObjectNode view = Json.object()
            .put("platformUpdateDomain", vm.updateDomain())
            .put("platformFaultDomain", vm.faultDomain())
            .put("computerName", computerName(model, vm))
            .put("osName", vm.image().osName());
        if (vm.image().kind() == OsImage.Kind.PLATFORM) {
            view.put("osVersion", vm.image().version());
        }
        boolean failed = vm.provisioningState() == ProvisioningState.FAILED;
        ObjectNode provisioning = Json.object().put("code", vm.provisioningState().code())
            .put("level", failed ? "Error" : "Info")
            .put("displayStatus", vm.provisioningState().displayStatus());
        if (failed) {
            // Compute's failed status says why; the simulator knows only that the upgrade failed.
            provisioning.put("message", "The upgrade of virtual machine instance " + vm.instanceId()
                + " to the latest model failed. (simulated failure)");
        }
        view.putArray("statuses")
            .add(provisioning.put("time", vm.lastChange().toString()))
            .add(Json.object().put("code", vm.powerState().code()).put("level", "Info")
                .put("displayStatus", vm.powerState().displayStatus()));
        if (!setup.hasHealthExtension()) {
            return view;
        }
        view.putObject("vmHealth").putObject("status")
            .put("code", vm.health().code())
            .put("level", vm.health() == Health.UNHEALTHY ? "Warning" : "Info")
            .put("displayStatus", vm.health().displayStatus());
        return view;
    }

    /** Azure's pattern: the prefix and the instance id in base 36, six digits. */
    private static String computerName(ScaleSetModel model, InstanceState vm) {
        String suffix = Integer.toString(Integer.parseInt(vm.instanceId()), 36).toLowerCase(Locale.ROOT);
        return model.computerNamePrefix() + "0".repeat(Math.max(0, 6 - suffix.length())) + suffix;
    }
}
