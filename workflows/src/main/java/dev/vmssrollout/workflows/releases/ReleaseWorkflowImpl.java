package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.workflows.AnalysisActivities;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.RolloutActivityOptions;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetListActivities;
import dev.vmssrollout.workflows.WindowActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.slf4j.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A release: its stages in order, each stage's scale sets by child rollouts ({@link StageRun}), a durable bake
 * between stages that keeps checking the stage's health, an approval gate where a stage asks for one, a window gate
 * when the plan has a schedule. A failed rollout or bake check stops the line and the release pauses until an
 * operator resumes, retries, rolls back or aborts.
 * <p>
 * Changes to its commands are guarded with {@code Workflow.getVersion} (release notifications:
 * {@link ReleaseNotifications#CHANGE_ID}; bake health checks: {@link BakeWatch#CHANGE_ID}; bake analysis samples:
 * {@link BakeWatch#ANALYSIS_CHANGE_ID}; stage windows: {@link StageWindow#CHANGE_ID}; declared regions:
 * {@link DeclaredRegions#CHANGE_ID}; where approvals and actions came from: {@link ReleaseGuard#CHANGE_ID});
 * {@code ReleaseReplayTest} replays committed histories to prove it.
 */
public class ReleaseWorkflowImpl implements ReleaseWorkflow {

    private static final Logger log = Workflow.getLogger(ReleaseWorkflowImpl.class);

    private final ReleaseData data;
    private final ReleaseActivities store;
    private final ChildRollouts children;
    private final ReleaseNotifications notifications;
    private final ScaleSetActivities azure;
    private final AnalysisActivities analysis;
    private final StageWindow window;
    private final DeclaredRegions regions;
    private final ReleaseGuard guard;
    private final ReleaseOverride windowOverride;
    // A rollback that was in progress when the workflow was lost: the stored reason that names who asked for it.
    private String recoveredRollback;

    @WorkflowInit
    public ReleaseWorkflowImpl(ReleaseInput input) {
        this.data = new ReleaseData(input);
        this.store = Workflow.newActivityStub(ReleaseActivities.class, ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                // The database may be down for a while: keep trying, the release just waits.
                .setRetryOptions(RetryOptions.newBuilder().setInitialInterval(Duration.ofSeconds(1))
                        .setMaximumInterval(Duration.ofMinutes(1)).build())
                .build());
        this.notifications = new ReleaseNotifications(data);
        this.azure = Workflow.newActivityStub(ScaleSetActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.azure()));
        this.analysis = Workflow.newActivityStub(AnalysisActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.analysis()));
        this.guard = new ReleaseGuard(data);
        this.windowOverride = new ReleaseOverride(data, store, guard);
        this.children = new ChildRollouts(input, store, windowOverride::carryTo);
        this.regions = new DeclaredRegions(data, Workflow.newActivityStub(ScaleSetListActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.azure())));
        this.window = new StageWindow(data, Workflow.newActivityStub(WindowActivities.class,
                RolloutActivityOptions.onRolloutWorkers(RolloutActivityOptions.progress())));
    }

    @Override
    public ReleaseProgress run(ReleaseInput input) {
        ReleaseResume resume = input.resume();
        int first = 0;
        if (resume == null) {
            record(RolloutState.RUNNING, null);
            String wrongRegions = regions.problems();
            if (wrongRegions != null) {
                record(RolloutState.FAILED, "the plan's regions are not Azure's, so its region-pair check proves"
                        + " nothing; nothing was changed: " + wrongRegions + ". Correct the plan and submit it again");
                notifications.awaitSent();
                return data.toProgress();
            }
        } else {
            first = recover(resume);
            if (data.decision == ReleaseDecision.ROLLBACK) {
                return end();
            }
        }
        List<ReleaseStage> stages = data.plan.stages();
        for (int s = first; s < stages.size(); s++) {
            data.currentStage = s;
            boolean gatePassed = resume != null && resume.gatePassed(s);
            if (!(gatePassed || passGate(s)) || !runStage(s)) {
                return end();
            }
            if (s < stages.size() - 1 && !bake(s)) {
                return end();
            }
        }
        record(RolloutState.SUCCEEDED, null);
        notifications.awaitSent();
        return data.toProgress();
    }

    /**
     * A new run for a release whose workflow was lost: it goes on from the stage PostgreSQL recorded, following the
     * rollouts it had started (never starting them again). A rollback in progress goes on; a bake starts again in
     * full (a longer bake is never unsafe); an approval gate the release waited at waits again.
     *
     * @return the stage to go on from
     */
    private int recover(ReleaseResume resume) {
        log.info("release {}: its workflow was lost; going on from stage {} ({}) with {} stored rollouts",
                data.input.releaseId(), resume.stage(), resume.state(), resume.scaleSets().size());
        int stage = Math.max(0, Math.min(resume.stage(), data.plan.stages().size() - 1));
        data.currentStage = stage;
        if (resume.state() == RolloutState.ROLLING_BACK) {
            data.decision = ReleaseDecision.ROLLBACK;
            data.state = RolloutState.ROLLING_BACK;
            data.reason = resume.reason();
            recoveredRollback = resume.reason() == null ? "rollback requested" : resume.reason();
            return stage;
        }
        record(RolloutState.RUNNING, "recovered: its workflow was lost and started again from the database");
        return stage;
    }

    /** The stage's approval, if it asks for one, then its window, if the plan has a schedule. */
    private boolean passGate(int s) {
        ReleaseStage stage = data.plan.stages().get(s);
        if (stage.approvalRequired()) {
            record(RolloutState.WAITING_FOR_APPROVAL, "stage " + stage.name() + " waits for approval");
            Workflow.await(() -> data.approvedStages.contains(s) || data.stopRequested());
            if (data.stopRequested()) {
                return false;
            }
        }
        if (!window.awaitRoomFor(s, reason -> record(RolloutState.WAITING_FOR_WINDOW, reason))) {
            return false;
        }
        record(RolloutState.RUNNING, null);
        return true;
    }

    /** @return false when the release ends in this stage (aborted or rolled back) */
    private boolean runStage(int s) {
        StageRun run = new StageRun(s, data, children);
        while (true) {
            List<Integer> failed = run.run();
            if (data.stopRequested()) {
                return false;
            }
            if (failed.isEmpty() && run.done()) {
                return true;
            }
            ReleaseStage stage = data.plan.stages().get(s);
            record(RolloutState.PAUSED, "stage " + stage.name() + ": " + failed.size()
                    + " scale set(s) failed; the line stopped: resume, retry the failed, roll back or abort");
            data.decision = null;
            Workflow.await(() -> data.decision != null);
            switch (data.decision) {
                case RESUME -> log.info("release {} resumed by {}", data.input.releaseId(), data.decidedBy.actor());
                case RETRY_FAILED -> run.requeue(failed);
                case ROLLBACK, ABORT -> {
                    return false;
                }
            }
            data.decision = null;
            record(RolloutState.RUNNING, null);
        }
    }

    /**
     * The durable bake: survives worker and server restarts; an abort or rollback cuts it short. The stage's scale
     * sets are health-checked, and sampled by the plan's metric analysis, while it lasts ({@link BakeWatch}); a problem stops the line until an operator resumes
     * (the bake goes on without the scale sets found), retries (they are checked again), rolls back or aborts.
     *
     * @return false when the release ends here (aborted or rolled back)
     */
    private boolean bake(int s) {
        Duration bakeTime = data.plan.stages().get(s).bakeTime();
        if (bakeTime.isZero()) {
            return true;
        }
        String name = data.plan.stages().get(s).name();
        Instant until = Instant.ofEpochMilli(Workflow.currentTimeMillis()).plus(bakeTime);
        data.bakingUntil = until;
        record(RolloutState.RUNNING, "stage " + name + " bakes until " + until);
        if (Workflow.getVersion(BakeWatch.CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            Workflow.await(bakeTime, data::stopRequested);
        } else {
            watchBake(s, until);
        }
        data.bakingUntil = null;
        return !data.stopRequested();
    }

    private void watchBake(int s, Instant until) {
        String name = data.plan.stages().get(s).name();
        BakeWatch watch = new BakeWatch(s, data, azure, analysis);
        String problem;
        while ((problem = watch.watchUntil(until)) != null) {
            record(RolloutState.PAUSED, "stage " + name + " is unhealthy while it bakes (" + problem + "); the line"
                    + " stopped: resume (bake on without it), retry (check again), roll back or abort");
            data.decision = null;
            Workflow.await(() -> data.decision != null);
            switch (data.decision) {
                case RESUME -> {
                    log.info("release {}: {} resumed over a failed bake check", data.input.releaseId(),
                            data.decidedBy.actor());
                    watch.acceptLastFound();
                }
                case RETRY_FAILED -> log.info("release {}: {} asked for the bake check again",
                        data.input.releaseId(), data.decidedBy.actor());
                case ROLLBACK, ABORT -> {
                    return;
                }
            }
            data.decision = null;
            record(RolloutState.RUNNING, "stage " + name + " bakes until " + until);
        }
    }

    private ReleaseProgress end() {
        OperatorCommand by = data.decidedBy;
        if (data.decision == ReleaseDecision.ROLLBACK) {
            if (recoveredRollback == null) {
                record(RolloutState.ROLLING_BACK, "rollback requested by " + by.actor() + reasonSuffix(by));
            }
            String failure = new ReleaseRollback(data, children).run();
            if (failure == null) {
                record(RolloutState.ROLLED_BACK, recoveredRollback != null ? "rolled back (" + recoveredRollback + ")"
                        : "rolled back by " + by.actor() + reasonSuffix(by));
            } else {
                record(RolloutState.FAILED, failure);
            }
        } else {
            record(RolloutState.FAILED, "aborted by " + by.actor() + reasonSuffix(by));
        }
        notifications.awaitSent();
        return data.toProgress();
    }

    private static String reasonSuffix(OperatorCommand command) {
        return command.reason() == null || command.reason().isBlank() ? "" : ": " + command.reason();
    }

    private void record(RolloutState state, String reason) {
        if (state == data.state && java.util.Objects.equals(reason, data.reason)) {
            return;
        }
        data.state = state;
        data.reason = reason;
        store.recordReleaseState(data.input.releaseId(), state, reason, data.currentStage);
        notifications.recorded(state, reason);
    }

    @Override
    public void approveStage(StageApproval approval) {
        if (approval == null || approval.approver() == null || approval.stage() < 0
                || approval.stage() >= data.plan.stages().size()) {
            log.warn("release {}: stage approval ignored, it names no stage or no approver", data.input.releaseId());
            return;
        }
        if (guard.admit("approveStage", approval.approver(), approval.requestId()) == null) {
            return;
        }
        // Four-eyes applies to the name claimed, whichever channel the approval came by.
        if (data.input.fourEyes() && Identity.samePerson(approval.approver(), data.input.submittedBy())) {
            log.warn("release {}: {} may not approve a stage of their own release", data.input.releaseId(),
                    approval.approver());
            return;
        }
        data.approvedStages.add(approval.stage());
    }

    @Override
    public void requestOverride(OperatorCommand command) {
        windowOverride.request(command);
    }

    @Override
    public void approveOverride(OperatorCommand command) {
        windowOverride.approve(command);
    }

    @Override
    public void resume(OperatorCommand command) {
        decideWhenPaused("resume", ReleaseDecision.RESUME, command);
    }

    @Override
    public void retryFailed(OperatorCommand command) {
        decideWhenPaused("retryFailed", ReleaseDecision.RETRY_FAILED, command);
    }

    @Override
    public void rollback(OperatorCommand command) {
        decide("rollback", ReleaseDecision.ROLLBACK, command);
    }

    @Override
    public void abort(OperatorCommand command) {
        decide("abort", ReleaseDecision.ABORT, command);
    }

    private void decideWhenPaused(String action, ReleaseDecision decision, OperatorCommand command) {
        if (data.state != RolloutState.PAUSED) {
            log.warn("release {}: {} ignored, the release is {}", data.input.releaseId(), decision, data.state);
            return;
        }
        decide(action, decision, command);
    }

    private void decide(String action, ReleaseDecision decision, OperatorCommand command) {
        if (command == null || command.actor() == null) {
            log.warn("release {}: {} ignored, it names nobody", data.input.releaseId(), decision);
            return;
        }
        String actor = guard.admit(action, command.actor(), command.requestId());
        if (actor == null) {
            return;
        }
        if (data.state.isTerminal() || data.stopRequested() || data.state == RolloutState.ROLLING_BACK) {
            log.warn("release {}: {} ignored in state {}", data.input.releaseId(), decision, data.state);
            return;
        }
        data.decision = decision;
        data.decidedBy = new OperatorCommand(actor, command.reason(), command.requestId());
    }

    @Override
    public ReleaseProgress progress() {
        return data.toProgress();
    }
}
