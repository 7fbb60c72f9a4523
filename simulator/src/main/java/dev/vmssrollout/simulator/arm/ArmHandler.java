package dev.vmssrollout.simulator.arm;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.OperationRegistry;
import dev.vmssrollout.simulator.compute.RequestBudget;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.http.Handler;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;

import java.util.UUID;

/**
 * The ARM surface. Every request is authenticated, routed, counted in its scale set's report, delayed, throttled
 * and possibly failed as the scale set's faults say, and only then executed.
 */
public final class ArmHandler implements Handler {
    private final ScaleSetRegistry scaleSets;
    private final OperationRegistry operations;
    private final ArmOperations executor;
    private final String requiredToken;

    public ArmHandler(ScaleSetRegistry scaleSets, OperationRegistry operations, String requiredToken,
                      int pageSize, int pollRetryAfterSeconds) {
        this.scaleSets = scaleSets;
        this.operations = operations;
        this.executor = new ArmOperations(scaleSets, operations, pageSize, pollRetryAfterSeconds);
        this.requiredToken = requiredToken;
    }

    @Override
    public Response handle(Request request) {
        ScaleSet scaleSet = null;
        Response response;
        try {
            authenticate(request, requiredToken);
            ArmRoute route = ArmRoute.of(request);
            AsyncOperation polled = route.operationId() == null ? null : findOperation(route.operationId());
            ScaleSetKey key = polled != null ? polled.scaleSet() : route.scaleSet();
            scaleSet = scaleSets.find(key).orElse(null);
            if (scaleSet == null && polled == null && route.operation() != ArmOperation.PUT_SCALE_SET) {
                throw ScaleSetRegistry.notFound(key);
            }
            response = scaleSet == null ? executor.execute(route, request, null, polled)
                : guarded(route, request, scaleSet, polled);
        } catch (ArmException e) {
            response = Response.error(e.status(), e.error());
        } catch (IllegalArgumentException e) {
            response = Response.error(400, new ArmError("InvalidParameter", e.getMessage()));
        }
        return withStandardHeaders(response, request, scaleSet);
    }

    private Response guarded(ArmRoute route, Request request, ScaleSet scaleSet, AsyncOperation polled) {
        ArmOperation operation = route.operation();
        scaleSet.stats().countRequest(operation.reportName());
        Faults faults = scaleSet.faults();
        pause(faults.latencyMillis());
        RequestBudget budget = switch (operation.access()) {
            case READ -> scaleSet.reads();
            case WRITE -> scaleSet.writes();
            case POLL -> null;
        };
        if (budget != null && !budget.tryConsume()) {
            scaleSet.stats().countThrottled();
            return throttled(budget, faults);
        }
        if (faults.transient5xxRate() > 0 && scaleSet.nextRandom() < faults.transient5xxRate()) {
            scaleSet.stats().countInjectedError();
            return scaleSet.nextRandom() < 0.5
                ? Response.error(500, new ArmError("InternalServerError",
                    "An internal execution error occurred. Please retry later. (simulated transient fault)"))
                : Response.error(503, new ArmError("ServiceUnavailable",
                    "The service is temporarily unavailable. Please retry later. (simulated transient fault)"));
        }
        return executor.execute(route, request, scaleSet, polled);
    }

    /** ARM's check: any non-empty bearer token, or exactly {@code requiredToken} when one is configured. */
    public static void authenticate(Request request, String requiredToken) {
        String authorization = request.header("Authorization").orElse("");
        boolean bearer = authorization.regionMatches(true, 0, "Bearer ", 0, 7)
            && !authorization.substring(7).isBlank();
        if (!bearer) {
            throw new ArmException(401, "AuthenticationFailed",
                "Authentication failed. The 'Authorization' header is missing or is not a bearer token.");
        }
        if (requiredToken != null && !requiredToken.equals(authorization.substring(7).trim())) {
            throw new ArmException(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
    }

    private AsyncOperation findOperation(String id) {
        return operations.find(id).orElseThrow(() -> new ArmException(404, "NotFound",
            "The operation '" + id + "' was not found."));
    }

    private static Response throttled(RequestBudget budget, Faults faults) {
        int configured = faults.throttling().retryAfterSeconds();
        long retryAfter = configured > 0 ? configured : budget.secondsUntilReset();
        return Response.error(429, new ArmError("TooManyRequests", "The request was throttled by policy '"
                + budget.headerEntry().split(";")[0] + "'. Retry after " + retryAfter + " seconds."))
            .header("Retry-After", String.valueOf(retryAfter));
    }

    private static Response withStandardHeaders(Response response, Request request, ScaleSet scaleSet) {
        response.header("x-ms-request-id", UUID.randomUUID().toString());
        response.header("x-ms-correlation-request-id",
            request.header("x-ms-correlation-request-id").orElse(UUID.randomUUID().toString()));
        request.header("x-ms-client-request-id").ifPresent(id -> response.header("x-ms-client-request-id", id));
        if (scaleSet != null) {
            response.header("x-ms-ratelimit-remaining-resource",
                scaleSet.reads().headerEntry() + "," + scaleSet.writes().headerEntry());
        }
        return response;
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
