package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WavePlanner;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent.Baseline;
import dev.vmssrollout.model.progress.ResumePoint;
import io.temporal.failure.ActivityFailure;

import java.util.List;
import java.util.Optional;

/**
 * Everything before the first wave: preflight, the policy switch, wave planning and the model
 * update. A resumed rollout redoes only what its resume point lacks.
 */
final class Preparation {

    private final RolloutData data;
    private final EventLog events;
    private final ScaleSetActivities azure;
    private final ModelWatch watch;
    /** What the Azure call in progress does, for the failure message. */
    private String step;

    Preparation(RolloutData data, EventLog events, ScaleSetActivities azure, ModelWatch watch) {
        this.data = data;
        this.events = events;
        this.azure = azure;
        this.watch = watch;
    }

    /** Empty when the waves may start; otherwise how the rollout ended. */
    Optional<Outcome> run() {
        ResumePoint resume = data.input.resume();
        try {
            Optional<String> refused = data.baseline == null ? preflight() : recheckPolicy(resume);
            if (refused.isEmpty() && data.wavePlan == null) {
                refused = planWaves();
            }
            if (refused.isEmpty() && (resume == null || !resume.continuedAsNew())) {
                // Also on a resumed rollout: the run that was lost may have stopped before the update.
                updateModel();
            }
            return refused.map(Outcome::failed);
        } catch (ActivityFailure failure) {
            Failures.rethrowIfCancelled(failure);
            return Optional.of(Outcome.failed("could not " + step + ": " + Failures.describe(failure)));
        }
    }

    private Optional<String> preflight() {
        step = "read the scale set model";
        ScaleSetModel model = azure.readModel(data.target());
        if (model.conflictingOperation() != null) {
            return Optional.of("refused: " + model.conflictingOperation() + " is in progress on the scale set; "
                    + "wait for it to finish, then submit the rollout again");
        }
        if (model.healthSource() == null && data.plan().health().signalRequired()
                && WorkflowChanges.applies(WorkflowChanges.HEALTH_SIGNAL)) {
            return Optional.of("refused: the scale set has neither an Application Health extension nor a "
                    + "load-balancer health probe, so nothing can say whether an upgraded instance serves, and a "
                    + "running instance is not assumed healthy. Add one (recommended), or resubmit with "
                    + "health.requireSignal=false to count a running, upgraded instance as healthy");
        }
        boolean switchPolicy = UpgradePolicies.appliesModelItself(model.upgradePolicy());
        if (switchPolicy && !data.plan().allowPolicySwitch()) {
            return Optional.of("refused: " + UpgradePolicies.refusal(model.upgradePolicy()));
        }
        Image target;
        try {
            target = data.plan().image().applyTo(model.image());
        } catch (PlanRejectedException rejected) {
            return Optional.of(rejected.getMessage());
        }
        Baseline baseline = new Baseline(model.image(), model.upgradePolicy(), target);
        data.modelImage = model.image();
        data.modelEtag = model.etag();
        events.record(Change.of(EventType.PREFLIGHT_PASSED, model.image(), model.upgradePolicy())
                .rollout(RolloutState.RUNNING).baseline(baseline));
        if (switchPolicy) {
            switchToManual(model.upgradePolicy());
        }
        return Optional.empty();
    }

    /** A recovered rollout that switched the policy makes sure it is still Manual before touching the model. */
    private Optional<String> recheckPolicy(ResumePoint resume) {
        if (!data.policySwitched || resume == null || resume.continuedAsNew()) {
            return Optional.empty();
        }
        step = "read the scale set model";
        ScaleSetModel model = azure.readModel(data.target());
        if (!UpgradePolicies.MANUAL.equalsIgnoreCase(model.upgradePolicy())) {
            switchToManual(model.upgradePolicy());
        }
        return Optional.empty();
    }

    private void switchToManual(String from) {
        step = "switch the upgrade policy from " + from + " to Manual";
        azure.setUpgradePolicy(data.target(), UpgradePolicies.MANUAL);
        data.policySwitched = true;
        events.record(Change.of(EventType.POLICY_SWITCHED, from));
    }

    private Optional<String> planWaves() {
        step = "list the scale set's instances";
        List<Instance> instances = azure.listInstances(data.target());
        if (WorkflowChanges.applies(WorkflowChanges.CENSUS_FROM_PLANNING)) {
            watch.saw(instances); // the first wave's census, unless a wait comes between (ModelWatch.FRESH_MILLIS)
        }
        WavePlan plan;
        try {
            // Planned before the model changes, so "already on the target" compares images, not model versions.
            plan = WavePlanner.plan(data.plan().strategy(), data.baseline.targetImage(), instances);
        } catch (PlanRejectedException rejected) {
            return Optional.of(rejected.getMessage());
        }
        Image previous = data.baseline.previousImage();
        Image pinned = RollbackImage.pin(previous, data.baseline.targetImage(), instances);
        String detail = pinned.sameAs(previous) ? null : "; a rollback would restore " + pinned
                + ", the version the instances run, not " + previous + " as the model says";
        Change planned = Change.withDetail(detail, EventType.WAVES_PLANNED, plan.waves().size(),
                        plan.skippedInstanceIds().size())
                .plan(plan)
                .instances(plan.skippedInstanceIds(), InstanceState.SKIPPED);
        plan.waves().forEach(wave -> planned.instances(wave.instanceIds(), InstanceState.PENDING));
        if (detail != null) {
            Baseline before = data.baseline;
            planned.baseline(new Baseline(pinned, before.previousUpgradePolicy(), before.targetImage()));
        }
        events.record(planned);
        data.currentWave = data.completedWaves;
        return Optional.empty();
    }

    private void updateModel() {
        Image target = data.baseline.targetImage();
        step = "update the model to " + target;
        // What the model held when read, which a pinned previous image (RollbackImage) need not be.
        boolean updated = WorkflowChanges.applies(WorkflowChanges.MODEL_PATCH)
                ? azure.patchModelImage(data.target(), data.modelImage, target, data.modelEtag)
                : azure.updateModelImage(data.target(), target);
        data.modelImage = target;
        events.record(Change.of(updated ? EventType.MODEL_UPDATED : EventType.MODEL_ALREADY_CURRENT, target));
    }
}
