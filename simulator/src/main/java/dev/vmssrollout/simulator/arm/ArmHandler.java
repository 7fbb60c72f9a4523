package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.RoleDefinition;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.Throttling;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.OperationRegistry;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;
import dev.vmssrollout.simulator.identity.AccessTokenCheck;
import dev.vmssrollout.simulator.identity.Caller;

import dev.vmssrollout.simulator.json.Json;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The ARM surface. Every request is authenticated, routed, counted in its scale set's report, delayed, charged to
 * its Compute throttling policy (refused 429 past the budget), possibly failed as the scale set's faults say, and
 * only then executed.
 */
public final class ArmHandler implements Handler {
    private final ScaleSetRegistry scaleSets;
    private final OperationRegistry operations;
    private final ArmOperations executor;
    private static final DateTimeFormatter ROUTING_TIME =
        DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private final AccessTokenCheck tokens;
    private final ThrottlingScopes throttling;
    private final SubscriptionCounters subscriptionCounters = new SubscriptionCounters();
    private final RoleCheck roles;

    /** @param role the caller's permissions, checked as Azure's role-based access control does; {@code null}: all */
    public ArmHandler(ScaleSetRegistry scaleSets, OperationRegistry operations, AccessTokenCheck tokens,
                      int pageSize, int pollRetryAfterSeconds, Throttling throttling, RoleDefinition role) {
        this.throttling = new ThrottlingScopes(throttling);
        this.roles = new RoleCheck(role);
        this.scaleSets = scaleSets;
        this.operations = operations;
        this.executor = new ArmOperations(scaleSets, operations, pageSize, pollRetryAfterSeconds);
        this.tokens = tokens;
    }

    @Override
    public Response handle(Request request) {
        ScaleSet scaleSet = null;
        Response response;
        Charged charged = null;
        try {
            Caller caller = tokens.check(request);
            ApiVersions.check(request);
            ArmRoute route = ArmRoute.of(request);
            roles.check(route, request, caller);
            if (route.listed() != null) {
                return withStandardHeaders(AccessTokenCheck.challenge(list(route.listed()), request.baseUrl()),
                    request, null, null);
            }
            AsyncOperation polled = route.operationId() == null ? null : findOperation(route.operationId());
            ScaleSetKey key = polled != null ? polled.scaleSet() : route.scaleSet();
            scaleSet = scaleSets.find(key).orElse(null);
            if (scaleSet == null && polled == null && route.operation() != ArmOperation.PUT_SCALE_SET) {
                throw missing(route);
            }
            if (scaleSet == null) {
                response = executor.execute(route, request, null, polled);
            } else {
                charged = new Charged(throttling.of(scaleSet), route.operation(), charge(route.operation(), request, scaleSet));
                response = guarded(route, request, scaleSet, polled, charged);
            }
        } catch (ArmException e) {
            response = Response.error(e.status(), e.error());
        } catch (IllegalArgumentException e) {
            response = Response.error(400, new ArmError("InvalidParameter", e.getMessage()));
        }
        return withStandardHeaders(AccessTokenCheck.challenge(response, request.baseUrl()), request, scaleSet, charged);
    }

    private Response guarded(ArmRoute route, Request request, ScaleSet scaleSet, AsyncOperation polled,
                             Charged charged) {
        ArmOperation operation = route.operation();
        scaleSet.stats().countRequest(operation.reportName());
        Faults faults = scaleSet.faults();
        pause(faults.latencyMillis());
        Optional<PolicyBudgets.Refusal> refusal = charged.budgets().charge(operation.policy(), charged.count());
        if (refusal.isPresent()) {
            scaleSet.stats().countThrottled();
            return throttled(refusal.get());
        }
        if (faults.transient5xxRate() > 0 && scaleSet.nextRandom() < faults.transient5xxRate()) {
            scaleSet.stats().countInjectedError();
            return scaleSet.nextRandom() < 0.5
                ? Response.error(500, new ArmError("InternalServerError",
                    "An internal execution error occurred. Please retry later. (simulated transient fault)"))
                : Response.error(503, new ArmError("ServiceUnavailable",
                    "The service is temporarily unavailable. Please retry later. (simulated transient fault)"));
        }
        if (faults.conflictRate() > 0 && operation.writes() && scaleSet.nextRandom() < faults.conflictRate()) {
            scaleSet.stats().countInjectedError();
            return Response.error(409, new ArmError("OperationNotAllowed", "Operation '" + operation.reportName()
                + "' is not allowed on Virtual Machine Scale Set '" + route.scaleSet().name() + "' since another "
                + "operation is in progress. Retry after it completes. (simulated conflict)"));
        }
        return executor.execute(route, request, scaleSet, polled);
    }

    /**
     * The scale sets of a subscription or resource group, in one page, counted in each one's report. Compute charges
     * a read to the budgets of every region the list spans; ARM answers 404 for a resource group that does not exist (the simulator knows
     * resource groups only by their scale sets).
     */
    private Response list(ArmRoute.Listed listed) {
        List<ScaleSet> found = scaleSets.matching(listed::holds);
        if (found.isEmpty() && listed.resourceGroup() != null) {
            throw new ArmException(404, "ResourceGroupNotFound",
                "Resource group '" + listed.resourceGroup() + "' could not be found.");
        }
        for (PolicyBudgets budgets : found.stream().map(throttling::of).distinct().toList()) {
            Optional<PolicyBudgets.Refusal> refusal = budgets.charge(ArmOperation.LIST_SCALE_SETS.policy(), 1);
            if (refusal.isPresent()) {
                return throttled(refusal.get());
            }
        }
        ArrayNode value = Json.array();
        found.forEach(scaleSet -> {
            scaleSet.stats().countRequest(ArmOperation.LIST_SCALE_SETS.reportName());
            value.add(ScaleSetJson.render(scaleSet, "Succeeded"));
        });
        return Response.json(200, Json.object().set("value", value));
    }

    /**
     * What ARM answers for a scale set that is not there: its resource group missing, or (for its VMs) the parent
     * missing, or the scale set itself.
     */
    private ArmException missing(ArmRoute route) {
        ScaleSetKey key = route.scaleSet();
        if (!scaleSets.hasResourceGroup(key)) {
            return new ArmException(404, "ResourceGroupNotFound",
                "Resource group '" + key.resourceGroup() + "' could not be found.");
        }
        if (route.operation().nested()) {
            return new ArmException(404, "ParentResourceNotFound", "Can not perform requested operation on nested "
                + "resource. Parent resource '" + key.name() + "' not found.");
        }
        return ScaleSetRegistry.notFound(key);
    }

    private AsyncOperation findOperation(String id) {
        return operations.find(id).orElseThrow(() -> new ArmException(404, "NotFound",
            "The operation '" + id + "' was not found."));
    }

    /**
     * What the request costs its policy: one, or for a batched VM request one per instance it names ({@code "*"},
     * or no list at all, names every instance).
     */
    private static long charge(ArmOperation operation, Request request, ScaleSet scaleSet) {
        if (!operation.chargedPerInstance()) {
            return 1;
        }
        JsonNode ids = request.json().path("instanceIds");
        boolean everyInstance = !ids.isArray() || ids.isEmpty()
            || (ids.size() == 1 && "*".equals(ids.get(0).asText()));
        return Math.max(1, everyInstance ? scaleSet.instances().size() : ids.size());
    }

    /** Compute's 429: the refusing window in the detail's target, the counts as JSON in its message. */
    private static Response throttled(PolicyBudgets.Refusal refusal) {
        ObjectNode counts = Json.object()
            .put("operationGroup", refusal.operationGroup())
            .put("startTime", refusal.startTime())
            .put("endTime", refusal.endTime())
            .put("allowedRequestCount", refusal.allowedRequestCount())
            .put("measuredRequestCount", refusal.measuredRequestCount());
        ArmError detail = new ArmError("TooManyRequests", counts.toString(), refusal.operationGroup(), List.of());
        return Response.error(429, new ArmError("OperationNotAllowed", "The server rejected the request because too "
                + "many requests have been received for this subscription.", null, List.of(detail)))
            .header("Retry-After", String.valueOf(refusal.retryAfterSeconds()));
    }

    private Response withStandardHeaders(Response response, Request request, ScaleSet scaleSet, Charged charged) {
        String requestId = UUID.randomUUID().toString();
        response.header("x-ms-request-id", requestId);
        // ARM's own: the region that routed the request, when, and its request id.
        response.header("x-ms-routing-request-id", (scaleSet == null ? "LOCALHOST"
                : scaleSet.setup().location().toUpperCase(Locale.ROOT)) + ":"
            + ROUTING_TIME.format(Instant.now()) + ":" + requestId);
        response.header("x-ms-correlation-request-id",
            request.header("x-ms-correlation-request-id").orElse(UUID.randomUUID().toString()));
        request.header("x-ms-client-request-id").ifPresent(id -> response.header("x-ms-client-request-id", id));
        if (charged != null) {
            response.header("x-ms-ratelimit-remaining-resource",
                charged.budgets().remainingHeader(charged.operation().policy()));
            response.header("x-ms-request-charge", String.valueOf(charged.count()));
        }
        if (scaleSet != null) {
            boolean read = request.method().equalsIgnoreCase("GET");
            response.header(read ? "x-ms-ratelimit-remaining-subscription-reads"
                    : "x-ms-ratelimit-remaining-subscription-writes",
                String.valueOf(subscriptionCounters.remainingAfter(scaleSet.key().subscriptionId(), read)));
        }
        return response;
    }

    /** The budgets a request is charged to, its policy and its charge. */
    private record Charged(PolicyBudgets budgets, ArmOperation operation, long count) {
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis); // the simulated network and service latency itself
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
