package dev.vmssrollout.worker.azure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Names an ARM request by what it does, not by what it names: the method and the path's resource
 * types, without subscription, group, scale set or instance names, so that a metric tagged with it
 * has a handful of values however large the fleet:
 * {@code POST /subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/web/manualupgrade}
 * is {@code POST virtualmachinescalesets/manualupgrade}.
 */
final class ArmOperations {

    private ArmOperations() {
    }

    static String of(String method, String path) {
        String[] segments = path == null ? new String[0]
                : path.toLowerCase(Locale.ROOT).replaceAll("^/+|/+$", "").split("/+");
        int i = 0;
        String scope = "other";
        if (i < segments.length && segments[i].equals("subscriptions")) {
            i += 2; // the subscription ID
            scope = "subscriptions";
        }
        if (i < segments.length && segments[i].equals("resourcegroups")) {
            i += 2; // the resource group's name
            scope = "resourcegroups";
        }
        if (i < segments.length && segments[i].equals("providers")) {
            i++;
            if (i < segments.length) {
                scope = segments[i]; // the namespace, e.g. microsoft.compute
                i++;
            }
        }
        // What follows alternates type / name / type / name ... and may end with an action (manualupgrade).
        List<String> types = new ArrayList<>();
        for (boolean typePosition = true; i < segments.length; i++, typePosition = !typePosition) {
            if (typePosition && !segments[i].isEmpty()) {
                types.add(segments[i]);
            }
        }
        return method.toUpperCase(Locale.ROOT) + " " + (types.isEmpty() ? scope : String.join("/", types));
    }
}
