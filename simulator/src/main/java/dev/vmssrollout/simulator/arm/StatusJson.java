package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.OperationStatus;
import dev.vmssrollout.simulator.compute.ProvisioningState;
import dev.vmssrollout.simulator.compute.RollingUpgradeState;
import dev.vmssrollout.simulator.json.Json;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** Status resources: async operations, the scale set instance view and rolling upgrade status. */
final class StatusJson {
    private StatusJson() {
    }

    static ObjectNode operation(AsyncOperation operation) {
        ObjectNode node = Json.object()
            .put("name", operation.id())
            .put("status", operation.status().armName())
            .put("startTime", operation.startTime().toString());
        Instant endTime = operation.endTime();
        if (endTime != null) {
            node.put("endTime", endTime.toString());
        }
        if (operation.error() != null && operation.status() != OperationStatus.SUCCEEDED) {
            node.set("error", Json.MAPPER.valueToTree(operation.error()));
        }
        return node;
    }

    /** {@code statusesSummary} counts ProvisioningState codes only, as Compute's does. */
    static ObjectNode scaleSetInstanceView(List<InstanceState> instances) {
        ObjectNode view = Json.object();
        var summary = view.putObject("virtualMachine").putArray("statusesSummary");
        summarize(instances, vm -> vm.provisioningState().code()).forEach((code, count) ->
            summary.addObject().put("code", code).put("count", count));
        ProvisioningState state = scaleSetState(instances);
        view.putArray("statuses").addObject().put("code", state.code())
            .put("level", state == ProvisioningState.FAILED ? "Error" : "Info")
            .put("displayStatus", state.displayStatus());
        return view;
    }

    /** Updating while any instance is being upgraded or created, failed after a failed upgrade, else succeeded. */
    private static ProvisioningState scaleSetState(List<InstanceState> instances) {
        if (instances.stream().anyMatch(vm -> vm.provisioningState() == ProvisioningState.UPDATING
            || vm.provisioningState() == ProvisioningState.CREATING)) {
            return ProvisioningState.UPDATING;
        }
        return instances.stream().anyMatch(vm -> vm.provisioningState() == ProvisioningState.FAILED)
            ? ProvisioningState.FAILED : ProvisioningState.SUCCEEDED;
    }

    static ObjectNode rollingUpgrade(RollingUpgradeState state, String location) {
        ObjectNode root = Json.object().put("location", location);
        ObjectNode properties = root.putObject("properties");
        properties.putObject("policy")
            .put("maxBatchInstancePercent", state.policy().maxBatchInstancePercent())
            .put("maxUnhealthyInstancePercent", state.policy().maxUnhealthyInstancePercent())
            .put("maxUnhealthyUpgradedInstancePercent", state.policy().maxUnhealthyUpgradedInstancePercent())
            .put("pauseTimeBetweenBatches", state.policy().pauseTimeBetweenBatches());
        properties.putObject("runningStatus")
            .put("code", state.status().armName())
            .put("startTime", state.startTime().toString())
            .put("lastAction", state.lastAction())
            .put("lastActionTime", state.lastActionTime().toString());
        properties.putObject("progress")
            .put("successfulInstanceCount", state.successfulInstanceCount())
            .put("failedInstanceCount", state.failedInstanceCount())
            .put("inProgressInstanceCount", state.inProgressInstanceCount())
            .put("pendingInstanceCount", state.pendingInstanceCount());
        if (state.error() != null) {
            properties.set("error", Json.MAPPER.valueToTree(state.error()));
        }
        return root;
    }

    private static Map<String, Integer> summarize(List<InstanceState> instances, Function<InstanceState, String> code) {
        Map<String, Integer> counts = new TreeMap<>();
        instances.forEach(vm -> counts.merge(code.apply(vm), 1, Integer::sum));
        return counts;
    }
}
