package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.rollouts.PlanDefaults;
import dev.vmssrollout.api.rollouts.PlanMapper;
import dev.vmssrollout.api.rollouts.RolloutRequest;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.release.RegionPairs;
import dev.vmssrollout.model.release.ReleasePlan;
import dev.vmssrollout.model.release.ReleaseScaleSet;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.release.ReleaseValidator;
import dev.vmssrollout.model.release.StageOverrides;

import java.util.ArrayList;
import java.util.List;

/** Between the REST shape of a release and the domain's {@link ReleasePlan}: a valid plan, or a 400 with every violation. */
final class ReleaseMapper {

    private ReleaseMapper() {
    }

    static ReleasePlan toValidPlan(ReleaseRequest request, RegionPairs pairs) {
        return toValidPlan(request, pairs, new PlanDefaults(null));
    }

    /** With the server-side defaults a rollout's plan gets ({@code health.minReady}), for the release and each stage. */
    static ReleasePlan toValidPlan(ReleaseRequest request, RegionPairs pairs, PlanDefaults defaults) {
        if (request == null) {
            throw invalid(List.of(new Violation("body", "a release plan is required")));
        }
        List<Violation> parsing = new ArrayList<>();
        RolloutPlan rollout = PlanMapper.mapped(defaults.apply(new RolloutRequest(null, request.image(),
                request.strategy(), request.approval(), request.health(), request.onFailure(),
                request.allowPolicySwitch(), request.schedule(), request.analysis())), parsing);
        List<ReleaseStage> stages = new ArrayList<>();
        if (request.stages() != null) {
            for (int s = 0; s < request.stages().size(); s++) {
                stages.add(stage(request.stages().get(s), "stages[" + s + "]", defaults, parsing));
            }
        }
        ReleasePlan plan = new ReleasePlan(rollout, stages, Boolean.TRUE.equals(request.allowPairedRegionsInStage()))
                .withDefaults();
        List<Violation> violations = new ArrayList<>(ReleaseValidator.validate(plan, pairs));
        violations.addAll(parsing);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return plan;
    }

    private static ReleaseStage stage(ReleaseRequest.Stage spec, String at, PlanDefaults defaults,
                                      List<Violation> parsing) {
        if (spec == null) {
            return null;
        }
        List<Violation> stageParsing = new ArrayList<>();
        // Defaults only where the stage gives its own health: otherwise it keeps the release's, defaults and all.
        RolloutRequest stageRequest = new RolloutRequest(null, null, spec.strategy(), spec.approval(), spec.health(),
                null, null);
        RolloutPlan overrides = PlanMapper.mapped(spec.health() == null ? stageRequest : defaults.apply(stageRequest),
                stageParsing);
        stageParsing.forEach(v -> parsing.add(new Violation(at + "." + v.field(), v.message())));
        List<ReleaseScaleSet> scaleSets = spec.scaleSets() == null ? List.of() : spec.scaleSets().stream()
                .map(s -> s == null ? null : new ReleaseScaleSet(s.subscriptionId(), s.resourceGroup(), s.scaleSet(),
                        s.region()))
                .toList();
        return new ReleaseStage(spec.name(), scaleSets, spec.maxConcurrent() == null ? 1 : spec.maxConcurrent(),
                PlanMapper.duration(at + ".bakeTime", spec.bakeTime(), parsing), Boolean.TRUE.equals(spec.approvalRequired()),
                new StageOverrides(overrides.strategy(), overrides.approval(), overrides.health(), null));
    }

    private static ApiProblemException invalid(List<Violation> violations) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST,
                "the release plan is invalid: " + violations.size() + " problem" + (violations.size() == 1 ? "" : "s")
                        + " (see violations)", FieldViolation.of(violations));
    }
}
