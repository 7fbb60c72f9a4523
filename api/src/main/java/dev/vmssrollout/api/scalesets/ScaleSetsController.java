package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.PlanValidator;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetList;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Reads one scale set, or lists those of a subscription or resource group, through the worker (the API never talks to Azure itself). */
@RestController
@RequestMapping(path = "/api/v1/scalesets", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "scale sets")
class ScaleSetsController {

    /** The plan validator names target fields as a submission body does; here they are path segments. */
    private static final Map<String, String> PATH_FIELDS = Map.of(
            "target.subscriptionId", "subscriptionId", "target.resourceGroup", "resourceGroup", "target.scaleSet", "name");

    private final ScaleSetReads reads;
    private final RolloutStore store;

    ScaleSetsController(ScaleSetReads reads, RolloutStore store) {
        this.reads = reads;
        this.store = store;
    }

    @Operation(summary = "A scale set's model and instances as Azure reports them now, and its active rollout",
            description = "Read through the worker's inspection workflow, at most vmss.temporal.inspection-timeout. "
                    + "Needs rollout.submit. The answer may be up to vmss.api.scale-set-reads.cache-for old (longer while "
                    + "a rollout of the scale set runs); each user may cause a limited number of Azure reads (429).")
    @GetMapping("/{subscriptionId}/{resourceGroup}/{name}")
    ScaleSetView get(@PathVariable String subscriptionId, @PathVariable String resourceGroup, @PathVariable String name,
                     Principal user) {
        ScaleSetRef ref = new ScaleSetRef(subscriptionId, resourceGroup, name);
        requireValidName(ref);
        RolloutSummary active = store.findActive(ref).orElse(null);
        ScaleSetInspection inspection = read(ref, user.getName(), active != null);
        return ScaleSetView.of(ref, inspection, active);
    }

    @Operation(summary = "The scale sets the worker can see in a subscription, or in one of its resource groups",
            description = "Listed through the worker's scale set list workflow, at most 1,000 (truncated says there "
                    + "were more). Needs rollout.submit; each list counts as one of the user's Azure reads (429).")
    @GetMapping
    ScaleSetListView list(@RequestParam(required = false) String subscriptionId,
                          @RequestParam(required = false) String resourceGroup, Principal user) {
        String group = resourceGroup == null || resourceGroup.isBlank() ? null : resourceGroup;
        List<FieldViolation> violations = PlanValidator.validateScope(subscriptionId, group, "").stream()
                .map(v -> new FieldViolation(v.field(), v.message())).toList();
        if (!violations.isEmpty()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST,
                    "say which subscription (and resource group) to list (see violations)", violations);
        }
        ScaleSetList list = call(() -> reads.list(subscriptionId, group, user.getName()), "the scale sets");
        String where = group == null ? "subscription " + subscriptionId : "resource group " + group;
        if (list.refusal() == null) {
            return ScaleSetListView.of(list);
        }
        if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(list.refusal().failureType())) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, where + " was not found: " + list.refusal().reason());
        }
        throw new ApiProblemException(ProblemType.AZURE_ERROR, "listing the scale sets of " + where + " failed: "
                + list.refusal().reason());
    }

    private static void requireValidName(ScaleSetRef ref) {
        // The same name rules a submission's target obeys; any valid image stands in for the rest of a plan.
        RolloutPlan probe = new RolloutPlan(ref, ImageChange.toVersion("latest"), null, null, null, null, false)
                .withDefaults();
        List<FieldViolation> violations = PlanValidator.validate(probe).stream()
                .filter(v -> PATH_FIELDS.containsKey(v.field()))
                .map(v -> new FieldViolation(PATH_FIELDS.get(v.field()), v.message()))
                .toList();
        if (!violations.isEmpty()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "not a valid scale set reference (see violations)",
                    violations);
        }
    }

    private ScaleSetInspection read(ScaleSetRef ref, String user, boolean rolloutRunning) {
        try {
            return call(() -> reads.read(ref, user, rolloutRunning), "the scale set");
        } catch (ApiProblemException e) {
            throw e.type() == ProblemType.NOT_FOUND || e.type() == ProblemType.AZURE_ERROR
                    ? e.with("scaleSet", ref.resourceId()) : e;
        }
    }

    private static <T> T call(Supplier<T> read, String what) {
        try {
            return read.get();
        } catch (ScaleSetNotFoundException e) {
            throw new ApiProblemException(ProblemType.NOT_FOUND, e.getMessage());
        } catch (InspectionFailedException e) {
            throw new ApiProblemException(ProblemType.AZURE_ERROR, e.getMessage());
        } catch (TemporalUnavailableException e) {
            throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "cannot read " + what + " now: " + e.getMessage() + "; try again shortly");
        }
    }
}
