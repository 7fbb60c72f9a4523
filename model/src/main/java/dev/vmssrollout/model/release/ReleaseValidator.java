package dev.vmssrollout.model.release;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.PlanValidator;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Violation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Checks a release plan's shape before anything touches Azure: the stages, and every scale set's rollout plan as
 * {@link PlanValidator} checks a rollout's, with the fields named as in the release's REST body.
 */
public final class ReleaseValidator {

    public static final int MAX_STAGES = 50;
    public static final int MAX_SCALE_SETS = 5_000;
    public static final int MAX_CONCURRENT = 200;
    public static final Duration MAX_BAKE_TIME = Duration.ofDays(7);
    static final int MAX_STAGE_NAME = 64;

    private ReleaseValidator() {
    }

    /** Every problem with the plan's shape; empty when it may run. */
    public static List<Violation> validate(ReleasePlan plan, RegionPairs pairs) {
        Set<Violation> violations = new LinkedHashSet<>();
        if (plan == null || plan.rollout() == null) {
            violations.add(new Violation("", "a release plan with an image is required"));
            return List.copyOf(violations);
        }
        checkFailurePolicy(plan.rollout().onFailure(), "onFailure", violations);
        if (plan.stages().isEmpty()) {
            violations.add(new Violation("stages", "a release needs at least one stage"));
        } else if (plan.stages().size() > MAX_STAGES) {
            violations.add(new Violation("stages", "at most " + MAX_STAGES + " stages"));
        } else if (plan.scaleSetCount() > MAX_SCALE_SETS) {
            violations.add(new Violation("stages", "at most " + MAX_SCALE_SETS + " scale sets in one release"));
        } else {
            checkStages(plan, pairs, violations);
        }
        if (plan.stages().isEmpty()) {
            // No scale set to validate the rollout plan against: still report what is wrong with it.
            for (Violation violation : PlanValidator.validate(plan.rollout().withDefaults())) {
                if (!violation.field().startsWith("target")) {
                    violations.add(violation);
                }
            }
        }
        return List.copyOf(violations);
    }

    public static void requireValid(ReleasePlan plan, RegionPairs pairs) {
        List<Violation> violations = validate(plan, pairs);
        if (!violations.isEmpty()) {
            throw new PlanRejectedException(violations);
        }
    }

    private static void checkStages(ReleasePlan plan, RegionPairs pairs, Set<Violation> out) {
        Map<String, String> stageOfScaleSet = new HashMap<>();
        Set<String> stageNames = new LinkedHashSet<>();
        for (int s = 0; s < plan.stages().size(); s++) {
            ReleaseStage stage = plan.stages().get(s);
            String at = "stages[" + s + "]";
            if (stage == null) {
                out.add(new Violation(at, "is empty"));
                continue;
            }
            checkStageShape(stage, at, stageNames, out);
            for (int i = 0; i < stage.scaleSets().size(); i++) {
                ReleaseScaleSet scaleSet = stage.scaleSets().get(i);
                String scaleSetAt = at + ".scaleSets[" + i + "]";
                if (scaleSet == null) {
                    out.add(new Violation(scaleSetAt, "is empty: give subscriptionId, resourceGroup and scaleSet"));
                    continue;
                }
                checkRolloutPlan(plan.rolloutFor(stage, scaleSet), stage.overrides(), at, scaleSetAt, out);
                String previous = stageOfScaleSet.putIfAbsent(key(scaleSet.ref()), scaleSetAt);
                if (previous != null) {
                    out.add(new Violation(scaleSetAt, "scale set " + scaleSet.ref()
                            + " is already listed at " + previous + "; a release upgrades each scale set once"));
                }
            }
            if (!plan.allowPairedRegionsInStage()) {
                checkRegionPairs(stage, at, pairs, out);
            }
        }
    }

    private static void checkFailurePolicy(FailurePolicy onFailure, String field, Set<Violation> out) {
        if (onFailure != null && onFailure != FailurePolicy.ABORT) {
            out.add(new Violation(field, "a release stops the line itself when a scale set fails (then resume, retry, "
                    + "roll back or abort the release): leave onFailure out, or give ABORT"));
        }
    }

    private static void checkStageShape(ReleaseStage stage, String at, Set<String> names, Set<Violation> out) {
        checkFailurePolicy(stage.overrides().onFailure(), at + ".onFailure", out);
        if (stage.name() == null || stage.name().isBlank() || stage.name().length() > MAX_STAGE_NAME) {
            out.add(new Violation(at + ".name", "is required: 1-" + MAX_STAGE_NAME + " characters"));
        } else if (!names.add(stage.name())) {
            out.add(new Violation(at + ".name", "stage '" + stage.name() + "' is named twice"));
        }
        if (stage.scaleSets().isEmpty()) {
            out.add(new Violation(at + ".scaleSets", "a stage needs at least one scale set"));
        }
        if (stage.maxConcurrent() < 1 || stage.maxConcurrent() > MAX_CONCURRENT) {
            out.add(new Violation(at + ".maxConcurrent", "must be between 1 and " + MAX_CONCURRENT));
        }
        if (stage.bakeTime().isNegative() || stage.bakeTime().compareTo(MAX_BAKE_TIME) > 0) {
            out.add(new Violation(at + ".bakeTime", "must be between PT0S and P7D"));
        }
    }

    /** The scale set's rollout plan as a rollout's would be checked; target fields named after the listed scale set. */
    private static void checkRolloutPlan(RolloutPlan plan, StageOverrides overrides, String stageAt, String scaleSetAt,
                                         Set<Violation> out) {
        for (Violation violation : PlanValidator.validate(plan)) {
            String field = violation.field();
            if (field.startsWith("target.")) {
                out.add(new Violation(scaleSetAt + field.substring("target".length()), violation.message()));
            } else if (overrides.sets(field)) {
                out.add(new Violation(stageAt + "." + field, violation.message()));
            } else {
                // A problem of the release's plan would repeat for every scale set: the set keeps one.
                out.add(new Violation(field, violation.message()));
            }
        }
    }

    private static void checkRegionPairs(ReleaseStage stage, String at, RegionPairs pairs, Set<Violation> out) {
        List<ReleaseScaleSet> withRegion = new ArrayList<>();
        for (ReleaseScaleSet scaleSet : stage.scaleSets()) {
            if (scaleSet != null && scaleSet.region() != null) {
                withRegion.add(scaleSet);
            }
        }
        Set<String> reported = new LinkedHashSet<>();
        for (int i = 0; i < withRegion.size(); i++) {
            for (int j = i + 1; j < withRegion.size(); j++) {
                String first = RegionPairs.name(withRegion.get(i).region());
                String second = RegionPairs.name(withRegion.get(j).region());
                if (pairs.arePaired(first, second) && reported.add(first.compareTo(second) < 0
                        ? first + "+" + second : second + "+" + first)) {
                    out.add(new Violation(at + ".scaleSets", "regions " + first + " and " + second
                            + " are an Azure region pair and may not be upgraded in one stage; put them in different"
                            + " stages, or set allowPairedRegionsInStage: true"));
                }
            }
        }
    }

    /** Scale sets compared as ARM compares names: ignoring case. */
    private static String key(ScaleSetRef ref) {
        return (ref.subscriptionId() + "/" + ref.resourceGroup() + "/" + ref.name()).toLowerCase(Locale.ROOT);
    }
}
