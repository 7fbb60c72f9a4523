package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.calendars.CalendarResolution;
import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.scalesets.InspectionFailedException;
import dev.vmssrollout.api.scalesets.ScaleSetInspector;
import dev.vmssrollout.api.scalesets.ScaleSetNotFoundException;
import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.IdempotencyKeyReusedException;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.ScaleSetInspection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Accepts rollouts. Everything that can refuse a rollout runs before the one write (the plan's
 * shape, the scale set's other rollout, the scale set itself), so a refused request leaves no row.
 * Once the row is written the rollout is accepted, whether or not its workflow starts now.
 */
@Service
class RolloutSubmission {

    private static final Logger log = LoggerFactory.getLogger(RolloutSubmission.class);
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,200}");

    private final RolloutStore store;
    private final ScaleSetInspector inspector;
    private final RolloutWorkflows workflows;
    private final RolloutViews views;
    private final boolean fourEyes;
    private final boolean searchAttributes;
    private final Clock clock;
    private final CalendarResolution calendars;
    private final PlanDefaults defaults;

    RolloutSubmission(RolloutStore store, ScaleSetInspector inspector, RolloutWorkflows workflows, RolloutViews views,
                      ApprovalProperties approvals, TemporalProperties temporal, Optional<Clock> clock,
                      CalendarResolution calendars, PlanDefaultsProperties defaults) {
        this.calendars = calendars;
        this.defaults = new PlanDefaults(defaults.defaultMinReady());
        this.store = store;
        this.inspector = inspector;
        this.workflows = workflows;
        this.views = views;
        this.fourEyes = approvals.fourEyes();
        this.searchAttributes = temporal.searchAttributes().enabled();
        this.clock = clock.orElse(Clock.systemUTC());
    }

    Submitted submit(RolloutRequest request, String user, String idempotencyKey) {
        checkIdempotencyKey(idempotencyKey);
        RolloutPlan plan = calendars.resolve(PlanMapper.toValidPlan(defaults.apply(request)));
        if (idempotencyKey != null) {
            // A key names one submission for good: its repeat gets that rollout, whether or not it has ended,
            // without reading the scale set again; another plan under it is refused.
            Optional<RolloutDetails> earlier = store.findBySubmissionKey(user, idempotencyKey);
            if (earlier.isPresent()) {
                return repeated(earlier.get(), plan, idempotencyKey);
            }
        }
        Optional<RolloutSummary> active = store.findActive(plan.target());
        if (active.isPresent()) {
            if (idempotencyKey == null) {
                throw busy(plan, active.get().id());
            }
            // Maybe this request's own first attempt: the store answers that without writing anything.
            return stored(plan, user, idempotencyKey);
        }
        ScaleSetInspection inspection = inspect(plan);
        RolloutChecks.requireRunnable(plan, inspection);
        return stored(plan, user, idempotencyKey);
    }

    PreviewView preview(RolloutRequest request) {
        RolloutPlan plan = calendars.resolve(PlanMapper.toValidPlan(defaults.apply(request)));
        ScaleSetInspection inspection = inspect(plan);
        RolloutChecks.requireRunnable(plan, inspection);
        List<String> warnings = new ArrayList<>(RolloutChecks.warnings(plan, inspection));
        String refusal = store.findActive(plan.target()).map(other -> "the scale set has rollout " + other.id()
                + " in progress (" + other.state() + "); a submission now would be refused").orElse(null);
        if (refusal != null) {
            warnings.add(0, refusal);
        }
        var model = inspection.model();
        var waves = inspection.wavePlan();
        return new PreviewView(RolloutViews.target(plan.target()),
                new PreviewView.Model(model.image(), model.upgradePolicy(), model.capacity(), model.provisioningState()),
                inspection.targetImage(), inspection.instances().size(),
                waves.waves().stream().map(w -> new PreviewView.PlannedWave(w.index(), w.label(), w.instanceIds(),
                        WaveNumbers.number(w.index()))).toList(),
                waves.skippedInstanceIds(), waves.instanceCount(), waves.largestWave(), warnings,
                PlanMapper.toRequest(plan), refusal);
    }

    private Submitted stored(RolloutPlan plan, String user, String idempotencyKey) {
        Created created;
        try {
            created = store.create(new NewRollout(UUID.randomUUID().toString(), plan, user, idempotencyKey, clock.instant()));
        } catch (ActiveRolloutExistsException e) {
            // Lost the race to another submission for the same scale set; the database decided.
            throw busy(plan, e.activeRolloutId());
        } catch (IdempotencyKeyReusedException e) {
            throw new ApiProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, e.getMessage())
                    .with("rolloutId", e.existingRolloutId());
        }
        String id = created.rollout().id();
        if (created.created()) {
            startWorkflow(new RolloutInput(id, plan, user, fourEyes, searchAttributes, null));
        }
        return new Submitted(views.view(store.find(id).orElse(created.rollout())), created.created());
    }

    private Submitted repeated(RolloutDetails earlier, RolloutPlan plan, String idempotencyKey) {
        if (!earlier.plan().equals(plan)) {
            throw new ApiProblemException(ProblemType.IDEMPOTENCY_KEY_REUSED, "Idempotency-Key " + idempotencyKey
                    + " was used for rollout " + earlier.id() + " with another plan; use a new key for a new plan")
                    .with("rolloutId", earlier.id());
        }
        return new Submitted(views.view(earlier), false);
    }

    /** The row is committed: the rollout is accepted even when Temporal cannot take it now. */
    private void startWorkflow(RolloutInput unclaimed) {
        try {
            RolloutInput input = unclaimed.withClaimToken(store.issueClaimToken(unclaimed.rolloutId()));
            if (!workflows.start(input)) {
                log.info("workflow of rollout {} was already started", input.rolloutId());
            }
        } catch (TemporalUnavailableException e) {
            log.warn("rollout {} accepted but its workflow could not be started now ({}); the reconciler will start it",
                    unclaimed.rolloutId(), e.getMessage());
        } catch (RuntimeException e) {
            // Deliberately broad: failing the request now would tell the client a stored rollout was refused.
            log.error("rollout {} accepted but starting its workflow failed; the reconciler will retry", unclaimed.rolloutId(), e);
        }
    }

    private ScaleSetInspection inspect(RolloutPlan plan) {
        try {
            return inspector.inspect(plan);
        } catch (ScaleSetNotFoundException e) {
            String field = "target.scaleSet";
            throw new ApiProblemException(ProblemType.SCALE_SET_NOT_FOUND, e.getMessage(),
                    List.of(new FieldViolation(field, "scale set " + plan.target().resourceId() + " does not exist "
                            + "or cannot be read with the worker's credentials")))
                    .with("scaleSet", plan.target().resourceId());
        } catch (InspectionFailedException e) {
            if (RolloutFailure.INVALID_REQUEST.name().equals(e.failureType())) {
                throw new ApiProblemException(ProblemType.PLAN_NOT_APPLICABLE, e.getMessage());
            }
            throw new ApiProblemException(ProblemType.AZURE_ERROR, e.getMessage());
        } catch (TemporalUnavailableException e) {
            log.warn("inspection of {} failed: {}", plan.target(), e.getMessage());
            throw new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "cannot check the scale set now: " + e.getMessage() + "; nothing was stored, try again shortly");
        }
    }

    private static ApiProblemException busy(RolloutPlan plan, String activeRolloutId) {
        return new ApiProblemException(ProblemType.ACTIVE_ROLLOUT_EXISTS, "scale set " + plan.target()
                + " already has rollout " + activeRolloutId + " in progress; wait for it to finish or cancel it")
                .with("activeRolloutId", activeRolloutId)
                .with("activeRollout", RolloutViews.self(activeRolloutId));
    }

    private static void checkIdempotencyKey(String key) {
        if (key != null && !IDEMPOTENCY_KEY.matcher(key).matches()) {
            String message = "must be 1-200 visible ASCII characters";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, "Idempotency-Key header " + message,
                    List.of(new FieldViolation("Idempotency-Key", message)));
        }
    }
}
