package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.scalesets.InspectionFailedException;
import dev.vmssrollout.api.scalesets.ScaleSetReads;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.PlanValidator;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.release.RegionPairs;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetSummary;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns each stage's {@code select} into listed scale sets, read from Azure through the worker at submit, so that
 * the stored plan names exactly the scale sets the release will upgrade (recorded = observed) and each one's region
 * is the one Azure reports, not one a plan claims. A selection may narrow by region and by ARM tags (every one named
 * must be on the scale set). It adds, in resource group and name order, the scale sets
 * no stage lists by name and no earlier selection took: a canary stage can name one scale set and a later stage select
 * "the rest of the resource group".
 */
@Component
class ReleaseSelections {

    private final ScaleSetReads reads;

    ReleaseSelections(ScaleSetReads reads) {
        this.reads = reads;
    }

    ReleaseRequest expand(ReleaseRequest request, String user) {
        if (request.stages() == null || request.stages().stream().allMatch(s -> s == null || s.select() == null)) {
            return request;
        }
        Set<String> taken = new HashSet<>();
        request.stages().forEach(stage -> {
            if (stage != null && stage.scaleSets() != null) {
                stage.scaleSets().stream().filter(s -> s != null && s.scaleSet() != null)
                        .forEach(s -> taken.add(key(s.subscriptionId(), s.resourceGroup(), s.scaleSet())));
            }
        });
        List<ReleaseRequest.Stage> stages = new ArrayList<>();
        for (int i = 0; i < request.stages().size(); i++) {
            ReleaseRequest.Stage stage = request.stages().get(i);
            stages.add(stage == null || stage.select() == null ? stage : withSelected(stage, i, taken, user));
        }
        return new ReleaseRequest(request.image(), stages, request.strategy(), request.approval(), request.health(),
                request.onFailure(), request.allowPolicySwitch(), request.schedule(), request.analysis(),
                request.allowPairedRegionsInStage());
    }

    private ReleaseRequest.Stage withSelected(ReleaseRequest.Stage stage, int index, Set<String> taken, String user) {
        ReleaseRequest.Selection select = stage.select();
        String field = "stages[" + index + "].select";
        String group = select.resourceGroup() == null || select.resourceGroup().isBlank() ? null : select.resourceGroup();
        List<Violation> outOfShape = PlanValidator.validateScope(select.subscriptionId(), group, field + ".");
        if (!outOfShape.isEmpty()) {
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, field + " does not name a subscription (and "
                    + "resource group) Azure could have (see violations)",
                    outOfShape.stream().map(v -> new FieldViolation(v.field(), v.message())).toList());
        }
        Set<String> regions = new HashSet<>();
        if (select.regions() != null) {
            select.regions().forEach(region -> regions.add(region(region)));
        }
        String where = group == null ? "subscription " + select.subscriptionId() : "resource group " + group;
        ScaleSetList list = list(select.subscriptionId(), group, user, field, where);
        if (list.truncated()) {
            throw invalid(field, where + " holds more than " + ScaleSetList.MAX_SCALE_SETS
                    + " scale sets: select a resource group, or list the scale sets");
        }
        List<ReleaseRequest.ScaleSet> scaleSets = new ArrayList<>(stage.scaleSets() == null ? List.of() : stage.scaleSets());
        for (ScaleSetSummary found : list.scaleSets()) {
            boolean inRegion = regions.isEmpty() || regions.contains(region(found.location()));
            if (inRegion && carriesAll(found.tags(), select.tags()) && taken.add(key(found.scaleSet().subscriptionId(), found.scaleSet().resourceGroup(),
                    found.scaleSet().name()))) {
                scaleSets.add(new ReleaseRequest.ScaleSet(found.scaleSet().subscriptionId(),
                        found.scaleSet().resourceGroup(), found.scaleSet().name(), found.location()));
            }
        }
        if (scaleSets.isEmpty()) {
            throw invalid(field, "selects no scale set: " + where + " has none"
                    + (regions.isEmpty() ? "" : " in " + String.join(", ", select.regions()))
                    + (select.tags() == null || select.tags().isEmpty() ? "" : " tagged " + select.tags())
                    + " that no other stage takes");
        }
        return new ReleaseRequest.Stage(stage.name(), scaleSets, null, stage.maxConcurrent(), stage.bakeTime(),
                stage.approvalRequired(), stage.strategy(), stage.approval(), stage.health());
    }

    private ScaleSetList list(String subscriptionId, String group, String user, String field, String where) {
        ScaleSetList list;
        try {
            list = reads.list(subscriptionId, group, user);
        } catch (TemporalUnavailableException e) {
            throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "cannot read the selected scale sets now: " + e.getMessage() + "; try again shortly");
        } catch (InspectionFailedException e) {
            throw new ApiProblemException(ProblemType.AZURE_ERROR, e.getMessage());
        }
        if (list.refusal() == null) {
            return list;
        }
        if (RolloutFailure.SCALE_SET_NOT_FOUND.name().equals(list.refusal().failureType())) {
            throw invalid(field + (group == null ? ".subscriptionId" : ".resourceGroup"),
                    "Azure has no such " + (group == null ? "subscription" : "resource group") + ": "
                            + list.refusal().reason());
        }
        throw new ApiProblemException(ProblemType.AZURE_ERROR, "listing the scale sets of " + where + " for " + field
                + " failed: " + list.refusal().reason());
    }

    /** Azure compares tag names ignoring case and values exactly. */
    private static boolean carriesAll(Map<String, String> tags, Map<String, String> wanted) {
        if (wanted == null || wanted.isEmpty()) {
            return true;
        }
        Map<String, String> byName = new HashMap<>();
        tags.forEach((name, value) -> byName.put(name.toLowerCase(Locale.ROOT), value));
        return wanted.entrySet().stream().allMatch(tag -> tag.getKey() != null
                && Objects.equals(byName.get(tag.getKey().toLowerCase(Locale.ROOT)), tag.getValue()));
    }

    /** A region may be written as Azure shows it ("East US") or names it ("eastus"). */
    private static String region(String region) {
        return region == null ? "" : RegionPairs.name(region);
    }

    private static String key(String subscriptionId, String resourceGroup, String name) {
        return (subscriptionId + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
    }

    private static ApiProblemException invalid(String field, String message) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST, field + " " + message,
                List.of(new FieldViolation(field, message)));
    }
}
