package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.http.Request;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Which operation an ARM request asks for, and on what. Paths are matched ignoring case, as ARM does.
 *
 * @param scaleSet    the scale set addressed; {@code null} for async operation polls
 * @param instanceId  the VM addressed, if any
 * @param operationId the async operation polled, if any
 * @param listed      where scale sets are listed, for {@link ArmOperation#LIST_SCALE_SETS}
 */
record ArmRoute(ArmOperation operation, ScaleSetKey scaleSet, String instanceId, String operationId, Listed listed) {

    /** A subscription, or one of its resource groups ({@code resourceGroup} not null). */
    record Listed(String subscriptionId, String resourceGroup) {
        /** The scope role-based access control checks, e.g. {@code /subscriptions/s/resourceGroups/rg}. */
        String scope() {
            return "/subscriptions/" + subscriptionId + (resourceGroup == null ? "" : "/resourceGroups/" + resourceGroup);
        }

        boolean holds(ScaleSetKey key) {
            return key.subscriptionId().equalsIgnoreCase(subscriptionId)
                && (resourceGroup == null || key.resourceGroup().equalsIgnoreCase(resourceGroup));
        }
    }

    private static final String[] RESOURCE_GROUP_LIST = {"subscriptions", null, "resourceGroups", null, "providers",
        "Microsoft.Compute", "virtualMachineScaleSets"};
    private static final String[] SUBSCRIPTION_LIST = {"subscriptions", null, "providers", "Microsoft.Compute",
        "virtualMachineScaleSets"};

    private static final String[] SCALE_SET_PREFIX = {"subscriptions", null, "resourceGroups", null, "providers",
        "Microsoft.Compute", "virtualMachineScaleSets", null};
    /** Index of {location} in {@code subscriptions/{s}/providers/Microsoft.Compute/locations/{location}/operations/{id}}. */
    static final int OPERATION_LOCATION_SEGMENT = 5;
    private static final String[] OPERATION_PATH = {"subscriptions", null, "providers", "Microsoft.Compute",
        "locations", null, "operations", null};

    static ArmRoute of(Request request) {
        List<String> segments = request.segments();
        if (segments.size() == OPERATION_PATH.length && request.pathStartsWith(OPERATION_PATH)) {
            requireMethod(request, "GET");
            boolean monitor = request.queryParameter("monitor").map("true"::equalsIgnoreCase).orElse(false);
            return new ArmRoute(monitor ? ArmOperation.GET_OPERATION_RESULT : ArmOperation.GET_OPERATION,
                null, null, segments.get(7), null);
        }
        if (segments.size() == RESOURCE_GROUP_LIST.length && request.pathStartsWith(RESOURCE_GROUP_LIST)) {
            requireMethod(request, "GET");
            return listing(new Listed(segments.get(1), segments.get(3)));
        }
        if (segments.size() == SUBSCRIPTION_LIST.length && request.pathStartsWith(SUBSCRIPTION_LIST)) {
            requireMethod(request, "GET");
            return listing(new Listed(segments.get(1), null));
        }
        if (!request.pathStartsWith(SCALE_SET_PREFIX)) {
            throw unsupported(request);
        }
        ScaleSetKey key = new ScaleSetKey(segments.get(1), segments.get(3), segments.get(7));
        List<String> shape = new ArrayList<>(segments.subList(SCALE_SET_PREFIX.length, segments.size()).stream()
            .map(segment -> segment.toLowerCase(Locale.ROOT)).toList());
        String instanceId = null;
        if (shape.size() >= 2 && shape.get(0).equals("virtualmachines")) {
            instanceId = segments.get(SCALE_SET_PREFIX.length + 1);
            shape.set(1, "{id}");
        }
        String method = request.method().toUpperCase(Locale.ROOT);
        ArmOperation operation = switch (method + " " + String.join("/", shape)) {
            case "GET " -> ArmOperation.GET_SCALE_SET;
            case "PUT " -> ArmOperation.PUT_SCALE_SET;
            case "PATCH " -> ArmOperation.PATCH_SCALE_SET;
            case "GET instanceview" -> ArmOperation.GET_SCALE_SET_INSTANCE_VIEW;
            case "GET virtualmachines" -> VmListQuery.of(request).withInstanceView()
                ? ArmOperation.LIST_VMS_INSTANCE_VIEW : ArmOperation.LIST_VMS;
            case "GET virtualmachines/{id}" -> ArmOperation.GET_VM;
            case "GET virtualmachines/{id}/instanceview" -> ArmOperation.GET_VM_INSTANCE_VIEW;
            case "POST manualupgrade" -> ArmOperation.MANUAL_UPGRADE;
            case "POST reimage" -> ArmOperation.REIMAGE;
            case "POST osrollingupgrade" -> ArmOperation.OS_ROLLING_UPGRADE;
            case "GET rollingupgrades/latest" -> ArmOperation.GET_LATEST_ROLLING_UPGRADE;
            case "POST rollingupgrades/cancel" -> ArmOperation.CANCEL_ROLLING_UPGRADE;
            default -> throw unsupported(request);
        };
        return new ArmRoute(operation, key, instanceId, null, null);
    }

    private static ArmRoute listing(Listed listed) {
        return new ArmRoute(ArmOperation.LIST_SCALE_SETS, null, null, null, listed);
    }

    private static void requireMethod(Request request, String method) {
        if (!request.method().equalsIgnoreCase(method)) {
            throw unsupported(request);
        }
    }

    private static ArmException unsupported(Request request) {
        return new ArmException(404, "InvalidResourceType", "The simulator does not serve "
            + request.method() + " " + request.rawPath());
    }
}
