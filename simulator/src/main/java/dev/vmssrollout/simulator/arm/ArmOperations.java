package dev.vmssrollout.simulator.arm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.compute.ArmError;
import dev.vmssrollout.simulator.compute.ArmException;
import dev.vmssrollout.simulator.compute.AsyncOperation;
import dev.vmssrollout.simulator.compute.InstanceState;
import dev.vmssrollout.simulator.compute.OperationRegistry;
import dev.vmssrollout.simulator.compute.OperationStatus;
import dev.vmssrollout.simulator.compute.ScaleSet;
import dev.vmssrollout.simulator.compute.ScaleSetModel;
import dev.vmssrollout.simulator.compute.ScaleSetRegistry;
import dev.vmssrollout.simulator.http.Request;
import dev.vmssrollout.simulator.http.Response;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Executes ARM operations once a request passed authentication and the fault gate. */
final class ArmOperations {
    private final ScaleSetRegistry scaleSets;
    private final OperationRegistry operations;
    private final VmPages vmPages;
    private final AsyncOperationLinks links;

    ArmOperations(ScaleSetRegistry scaleSets, OperationRegistry operations, int pageSize, int pollRetryAfterSeconds) {
        this.scaleSets = scaleSets;
        this.operations = operations;
        this.vmPages = new VmPages(pageSize);
        this.links = new AsyncOperationLinks(pollRetryAfterSeconds);
    }

    /** {@code scaleSet} is null only for a PUT that creates one, or a poll of an operation whose scale set is gone. */
    Response execute(ArmRoute route, Request request, ScaleSet scaleSet, AsyncOperation polled) {
        return switch (route.operation()) {
            case GET_SCALE_SET -> Response.json(200, ScaleSetJson.render(scaleSet, "Succeeded"))
                .header("ETag", scaleSet.etag());
            case PUT_SCALE_SET -> scaleSet == null ? create(route.scaleSet(), request) : updateModel(scaleSet, request, false);
            case PATCH_SCALE_SET -> updateModel(scaleSet, request, true);
            case GET_SCALE_SET_INSTANCE_VIEW -> Response.json(200, StatusJson.scaleSetInstanceView(scaleSet.instances()));
            case LIST_VMS, LIST_VMS_INSTANCE_VIEW -> Response.json(200, vmPages.page(scaleSet, request));
            case GET_VM -> Response.json(200, VmJson.render(scaleSet.key(), scaleSet.setup(),
                scaleSet.model(), instance(scaleSet, route.instanceId()), VmListQuery.of(request).withInstanceView()));
            case GET_VM_INSTANCE_VIEW -> Response.json(200,
                VmJson.instanceView(scaleSet.setup(), scaleSet.model(), instance(scaleSet, route.instanceId())));
            case MANUAL_UPGRADE -> links.accepted(request, scaleSet, scaleSet.manualUpgrade(instanceIds(request)));
            case REIMAGE -> links.accepted(request, scaleSet, scaleSet.reimage(instanceIds(request)));
            case OS_ROLLING_UPGRADE -> links.accepted(request, scaleSet, scaleSet.startRollingUpgrade());
            case CANCEL_ROLLING_UPGRADE -> links.accepted(request, scaleSet, scaleSet.cancelRollingUpgrade());
            case GET_LATEST_ROLLING_UPGRADE -> Response.json(200, StatusJson.rollingUpgrade(
                scaleSet.latestRollingUpgrade().orElseThrow(() -> new ArmException(404, "NotFound",
                    "No rolling upgrade has run on virtual machine scale set '" + scaleSet.key().name() + "'.")),
                scaleSet.setup().location()));
            case GET_OPERATION -> links.withPollHint(Response.json(200, StatusJson.operation(polled)), polled);
            case GET_OPERATION_RESULT -> operationResult(request, scaleSet, polled);
            case LIST_SCALE_SETS -> throw new IllegalStateException("a list is answered by ArmHandler");
        };
    }

    private Response create(ScaleSetKey key, Request request) {
        request.header("If-Match").ifPresent(ifMatch -> {
            throw new ArmException(412, "PreconditionFailed", "Etag provided in if-match header " + ifMatch
                + " does not match: the resource '" + key.resourceId() + "' does not exist.");
        });
        ScaleSet created = scaleSets.put(key, ScaleSetJson.createSpec(request.json()));
        AsyncOperation operation = operations.completed(ArmOperation.PUT_SCALE_SET.reportName(), key);
        return links.modelAccepted(request, created, operation, 201, ScaleSetJson.render(created, "Creating"));
    }

    private Response updateModel(ScaleSet scaleSet, Request request, boolean patch) {
        request.header("If-None-Match").ifPresent(ifNoneMatch -> {
            if (ifNoneMatch.trim().equals("*") || ifNoneMatch.trim().equals(scaleSet.etag())) {
                throw new ArmException(412, "PreconditionFailed", "The resource '" + scaleSet.key().resourceId()
                    + "' already exists with etag " + scaleSet.etag() + ", and the if-none-match header is "
                    + ifNoneMatch.trim() + ".");
            }
        });
        ScaleSetModel next = ScaleSetJson.apply(request.json(), scaleSet.model(), patch);
        Optional<Map<String, String>> tags = ScaleSetJson.tags(request.json());
        ArmOperation kind = patch ? ArmOperation.PATCH_SCALE_SET : ArmOperation.PUT_SCALE_SET;
        AsyncOperation operation = scaleSet.replaceModel(next, kind.reportName(), request.header("If-Match").orElse(null));
        tags.ifPresent(scaleSet::replaceTags);
        // Like Azure, the PUT/PATCH answer says Updating; the SDK then polls the operation and GETs the result.
        return links.modelAccepted(request, scaleSet, operation, 200, ScaleSetJson.render(scaleSet, "Updating"));
    }

    private Response operationResult(Request request, ScaleSet scaleSet, AsyncOperation polled) {
        if (polled.status() == OperationStatus.IN_PROGRESS) {
            return links.withPollHint(links.withLocation(Response.empty(202), request, polled,
                request.segments().get(ArmRoute.OPERATION_LOCATION_SEGMENT)), polled);
        }
        if (polled.status() == OperationStatus.SUCCEEDED) {
            return Response.empty(204);
        }
        // ARM's async-operation contract: a failed operation's monitor answers the error the synchronous call would
        // have, with a 4xx/5xx status, never 200 with a status body.
        ArmError error = polled.error() != null ? polled.error() : new ArmError("OperationCanceled",
            "The operation '" + polled.id() + "' was " + polled.status().armName().toLowerCase(Locale.ROOT) + ".");
        return Response.error(409, error);
    }

    private static InstanceState instance(ScaleSet scaleSet, String instanceId) {
        return scaleSet.instance(instanceId).orElseThrow(() -> ArmException.notFound("The Resource "
            + "'Microsoft.Compute/virtualMachineScaleSets/" + scaleSet.key().name() + "/virtualMachines/"
            + instanceId + "' under resource group '" + scaleSet.key().resourceGroup() + "' was not found."));
    }

    /** {@code {"instanceIds":[...]}}; an absent body or list reads as none. */
    private static List<String> instanceIds(Request request) {
        JsonNode body = request.json();
        JsonNode ids = body.path("instanceIds");
        if (!ids.isMissingNode() && !ids.isNull() && !ids.isArray()) {
            throw ArmException.invalidParameter("instanceIds must be an array of instance ids.");
        }
        List<String> result = new ArrayList<>();
        ids.forEach(id -> result.add(id.asText()));
        return result;
    }
}
