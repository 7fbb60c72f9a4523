package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.calendars.ScheduleSpecs;
import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.PlanValidator;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Between the REST shape of a plan and the domain's {@link RolloutPlan}. */
public final class PlanMapper {

    private PlanMapper() {
    }

    /** The plan the request asks for, defaults filled in, or a 400 listing every violation at once. */
    static RolloutPlan toValidPlan(RolloutRequest request) {
        if (request == null) {
            throw invalid(List.of(new Violation("body", "a rollout plan is required")));
        }
        List<Violation> parsing = new ArrayList<>();
        RolloutPlan plan = mapped(request, parsing).withDefaults();
        List<Violation> violations = new ArrayList<>(PlanValidator.validate(plan));
        violations.addAll(parsing);
        if (!violations.isEmpty()) {
            throw invalid(violations);
        }
        return plan;
    }

    /**
     * The plan as the request gives it, unvalidated and without defaults; what cannot be parsed (a duration) is
     * added to {@code parsing}. For a release, whose rollout plan has no target of its own.
     */
    public static RolloutPlan mapped(RolloutRequest request, List<Violation> parsing) {
        return new RolloutPlan(target(request.target()), image(request.image()),
                strategy(request.strategy(), parsing),
                request.approval() == null ? null : request.approval().mode(),
                health(request.health(), parsing), request.onFailure(),
                Boolean.TRUE.equals(request.allowPolicySwitch()),
                ScheduleSpecs.schedule(request.schedule(), "schedule", parsing),
                analysis(request.analysis(), parsing));
    }

    /** The plan's REST shape; a release's rollout plan has no target, and shows none. */
    public static RolloutRequest toRequest(RolloutPlan plan) {
        ScaleSetRef t = plan.target();
        ImageChange i = plan.image();
        Strategy s = plan.strategy();
        HealthPolicy h = plan.health();
        return new RolloutRequest(
                t == null ? null : new RolloutRequest.Target(t.subscriptionId(), t.resourceGroup(), t.name()),
                i == null ? null : new RolloutRequest.Image(i.version(), i.sku(), i.id(), i.osDiskImageUri()),
                s == null ? null : new RolloutRequest.StrategySpec(s.mode(), s.batchSize(), s.batchPercent(),
                        s.instanceIds(), s.pauseBetweenWaves().toString(), s.prioritizeUnhealthy()),
                new RolloutRequest.Approval(plan.approval()),
                h == null ? null : new RolloutRequest.Health(text(h.timeout()), text(h.minReady()), h.maxUnhealthyPercent(),
                        h.requireSignal(), text(h.waveDeadline())),
                plan.onFailure(), plan.allowPolicySwitch(), ScheduleSpecs.spec(plan.schedule()),
                analysisSpec(plan.analysis()));
    }

    private static Analysis analysis(RolloutRequest.AnalysisSpec spec, List<Violation> violations) {
        if (spec == null) {
            return null;
        }
        List<AnalysisCheck> checks = spec.checks() == null ? null : spec.checks().stream()
                .map(c -> c == null ? null : new AnalysisCheck(c.name(), c.provider(), c.metric(), c.query(),
                        c.aggregation(), c.condition()))
                .collect(java.util.stream.Collectors.toList());
        return new Analysis(checks, duration("analysis.interval", spec.interval(), violations), spec.samples(),
                spec.onInconclusive());
    }

    private static RolloutRequest.AnalysisSpec analysisSpec(Analysis analysis) {
        if (analysis == null) {
            return null;
        }
        return new RolloutRequest.AnalysisSpec(analysis.checks().stream()
                .map(c -> new RolloutRequest.CheckSpec(c.name(), c.provider(), c.metric(), c.query(), c.aggregation(),
                        c.condition())).toList(),
                text(analysis.interval()), analysis.samples(), analysis.onInconclusive());
    }

    private static ApiProblemException invalid(List<Violation> violations) {
        return new ApiProblemException(ProblemType.INVALID_REQUEST,
                "the rollout plan is invalid: " + violations.size() + " problem" + (violations.size() == 1 ? "" : "s")
                        + " (see violations)", FieldViolation.of(violations));
    }

    private static ScaleSetRef target(RolloutRequest.Target target) {
        return target == null ? null : new ScaleSetRef(target.subscriptionId(), target.resourceGroup(), target.scaleSet());
    }

    private static ImageChange image(RolloutRequest.Image image) {
        return image == null ? null : new ImageChange(image.version(), image.sku(), image.id(), image.osDiskImageUri());
    }

    private static Strategy strategy(RolloutRequest.StrategySpec spec, List<Violation> violations) {
        if (spec == null) {
            return null;
        }
        List<String> ids = spec.instanceIds();
        if (ids != null && ids.contains(null)) {
            violations.add(new Violation("strategy.instanceIds", "must not contain null"));
            ids = ids.stream().filter(java.util.Objects::nonNull).toList();
        }
        return new Strategy(spec.mode(), spec.batchSize(), spec.batchPercent(), ids,
                duration("strategy.pauseBetweenWaves", spec.pauseBetweenWaves(), violations),
                Boolean.TRUE.equals(spec.prioritizeUnhealthy()));
    }

    private static HealthPolicy health(RolloutRequest.Health health, List<Violation> violations) {
        if (health == null) {
            return null;
        }
        return new HealthPolicy(duration("health.timeout", health.timeout(), violations),
                duration("health.minReady", health.minReady(), violations),
                health.maxUnhealthyPercent() == null ? 0 : health.maxUnhealthyPercent(), health.requireSignal(),
                duration("health.waveDeadline", health.waveDeadline(), violations));
    }

    /** The ISO-8601 duration {@code text} (null for null), or null with a violation on {@code field}. */
    public static Duration duration(String field, String text, List<Violation> violations) {
        if (text == null) {
            return null;
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "'" + text + "' is not an ISO-8601 duration such as PT5M or PT1H30M"));
            return null;
        }
    }

    private static String text(Duration duration) {
        return duration == null ? null : duration.toString();
    }
}
