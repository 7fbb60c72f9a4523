package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.RoleDefinition;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.identity.Caller;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Azure's role-based access check, for a caller holding one role: the action a request performs must be granted on
 * its scope (403 {@code AuthorizationFailed}), and a model write must also be allowed to use every resource the body
 * links to: a subnet, a load balancer's pools, a network security group, a gallery or managed image (403
 * {@code LinkedAuthorizationFailed}). A full PUT sends back the whole network profile, so it needs the network join
 * actions that a PATCH of the image alone does not.
 */
final class RoleCheck {

    private static final String SCALE_SET = "Microsoft.Compute/virtualMachineScaleSets";
    private static final String SCALE_SETS = SCALE_SET + "/";

    /** Body field holding linked resources -> the action that using one of them needs. */
    private static final Map<String, String> LINKS = new LinkedHashMap<>();

    static {
        LINKS.put("subnet", "Microsoft.Network/virtualNetworks/subnets/join/action");
        LINKS.put("loadBalancerBackendAddressPools", "Microsoft.Network/loadBalancers/backendAddressPools/join/action");
        LINKS.put("loadBalancerInboundNatPools", "Microsoft.Network/loadBalancers/inboundNatPools/join/action");
        LINKS.put("applicationGatewayBackendAddressPools",
            "Microsoft.Network/applicationGateways/backendAddressPools/join/action");
        LINKS.put("networkSecurityGroup", "Microsoft.Network/networkSecurityGroups/join/action");
    }

    private final RoleDefinition role;

    /** @param role the caller's permissions; {@code null} allows everything, as an Owner */
    RoleCheck(RoleDefinition role) {
        this.role = role;
    }

    void check(ArmRoute route, Request request, Caller caller) {
        if (role == null) {
            return;
        }
        String action = action(route.operation());
        String scope = scope(route, request);
        if (!role.allows(action)) {
            throw new ArmException(403, "AuthorizationFailed", "The client '" + caller.clientId() + "' with object id '"
                + caller.objectId() + "' does not have authorization to perform action '" + action + "' over scope '"
                + scope + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
        }
        if (route.operation() != ArmOperation.PUT_SCALE_SET && route.operation() != ArmOperation.PATCH_SCALE_SET) {
            return;
        }
        List<String> missingActions = new ArrayList<>();
        List<String> linkedScopes = new ArrayList<>();
        linked(request.json()).forEach((linkedScope, linkedAction) -> {
            if (!role.allows(linkedAction)) {
                missingActions.add(linkedAction);
                linkedScopes.add(linkedScope);
            }
        });
        if (!missingActions.isEmpty()) {
            throw new ArmException(403, "LinkedAuthorizationFailed", "The client '" + caller.clientId()
                + "' with object id '" + caller.objectId() + "' has permission to perform action '" + action
                + "' on scope '" + scope + "'; however, it does not have permission to perform action(s) '"
                + String.join(",", missingActions) + "' on the linked scope(s) '" + String.join(",", linkedScopes)
                + "' (respectively) or the linked scope(s) are invalid.");
        }
    }

    /** The role-based access control action a request performs. */
    private static String action(ArmOperation operation) {
        return switch (operation) {
            case GET_SCALE_SET, LIST_SCALE_SETS -> SCALE_SET + "/read";
            case PUT_SCALE_SET, PATCH_SCALE_SET -> SCALE_SET + "/write";
            case GET_SCALE_SET_INSTANCE_VIEW -> SCALE_SETS + "instanceView/read";
            case LIST_VMS, LIST_VMS_INSTANCE_VIEW, GET_VM -> SCALE_SETS + "virtualMachines/read";
            case GET_VM_INSTANCE_VIEW -> SCALE_SETS + "virtualMachines/instanceView/read";
            case MANUAL_UPGRADE -> SCALE_SETS + "manualUpgrade/action";
            case REIMAGE -> SCALE_SETS + "reimage/action";
            case OS_ROLLING_UPGRADE -> SCALE_SETS + "osRollingUpgrade/action";
            case GET_LATEST_ROLLING_UPGRADE -> SCALE_SETS + "rollingUpgrades/read";
            case CANCEL_ROLLING_UPGRADE -> SCALE_SETS + "rollingUpgrades/cancel/action";
            case GET_OPERATION, GET_OPERATION_RESULT -> "Microsoft.Compute/locations/operations/read";
        };
    }

    /** The resource the request acts on: the scale set or its VM (not an action's segment), or the operation. */
    private static String scope(ArmRoute route, Request request) {
        if (route.listed() != null) {
            return route.listed().scope();
        }
        if (route.scaleSet() == null) {
            return request.rawPath();
        }
        String scaleSet = route.scaleSet().resourceId();
        return route.instanceId() == null ? scaleSet : scaleSet + "/virtualMachines/" + route.instanceId();
    }

    /** Linked resource id -> the action using it needs, for every linked resource the body names. */
    private static Map<String, String> linked(JsonNode body) {
        Map<String, String> links = new LinkedHashMap<>();
        LINKS.forEach((field, action) -> body.findValues(field).forEach(value -> {
            for (JsonNode reference : value.isArray() ? value : List.of(value)) {
                String id = reference.path("id").asText("");
                if (!id.isEmpty()) {
                    links.put(id, action);
                }
            }
        }));
        body.findValues("imageReference").forEach(reference -> {
            String id = reference.path("id").asText("").toLowerCase(Locale.ROOT);
            if (id.contains("/providers/microsoft.compute/galleries/")) {
                links.put(reference.path("id").asText(), "Microsoft.Compute/galleries/images/versions/read");
            } else if (id.contains("/providers/microsoft.compute/images/")) {
                links.put(reference.path("id").asText(), "Microsoft.Compute/images/read");
            }
        });
        return links;
    }
}
