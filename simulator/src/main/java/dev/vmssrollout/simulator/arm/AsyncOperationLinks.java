package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;

/**
 * The headers that make a response a long-running operation for the SDK's poller: {@code Azure-AsyncOperation}
 * (polled for status), {@code Location} (for POSTs, fetched once the operation succeeded) and {@code Retry-After}.
 */
final class AsyncOperationLinks {
    static final String DEFAULT_API_VERSION = "2025-04-01";
    private final int retryAfterSeconds;

    AsyncOperationLinks(int retryAfterSeconds) {
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 202 for POST actions (manualupgrade, reimage, rolling upgrades). */
    Response accepted(Request request, ScaleSet scaleSet, AsyncOperation operation) {
        String location = scaleSet.setup().location();
        Response response = Response.empty(202)
            .header("Azure-AsyncOperation", statusUrl(request, operation, location))
            .header("Retry-After", String.valueOf(retryAfterSeconds));
        return withLocation(response, request, operation, location);
    }

    /** 200 or 201 for PUT and PATCH of the model, with the resource in the body. */
    Response modelAccepted(Request request, ScaleSet scaleSet, AsyncOperation operation, int status, ObjectNode body) {
        return Response.json(status, body)
            .header("Azure-AsyncOperation", statusUrl(request, operation, scaleSet.setup().location()))
            .header("Retry-After", String.valueOf(retryAfterSeconds));
    }

    Response withLocation(Response response, Request request, AsyncOperation operation, String location) {
        return response.header("Location", statusUrl(request, operation, location) + "&monitor=true");
    }

    Response withPollHint(Response response, AsyncOperation operation) {
        return operation.isDone() ? response : response.header("Retry-After", String.valueOf(retryAfterSeconds));
    }

    private static String statusUrl(Request request, AsyncOperation operation, String location) {
        ScaleSetKey key = operation.scaleSet();
        String apiVersion = request.queryParameter("api-version").orElse(DEFAULT_API_VERSION);
        return request.baseUrl() + "subscriptions/" + key.subscriptionId() + "/providers/Microsoft.Compute/locations/"
            + location + "/operations/" + operation.id() + "?api-version=" + apiVersion;
    }
}
