package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.release.ReleaseStage;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WindowDecision;
import dev.vmssrollout.workflows.WindowActivities;
import dev.vmssrollout.workflows.WindowCheck;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;

/**
 * The window gate before a stage: with a {@code schedule} in the release's plan, a stage starts only when the schedule
 * leaves room for a first wave of its rollouts (their {@code health.timeout}), so no rollout is started outside its
 * window to sit there. Each rollout still asks its schedule before every wave. The calendar is read again when the
 * window is expected to open and at least every {@link #RECHECK}, since a calendar's change is not signalled to
 * releases. An approved emergency override opens the gate at once.
 */
final class StageWindow {

    /** Workflow.getVersion change ID: scheduled releases that started stages before this gate replay without it. */
    static final String CHANGE_ID = "release-windows";
    static final Duration RECHECK = Duration.ofMinutes(15);

    /** What the gate does with the release's state. */
    interface Recorder {
        void waiting(String reason);
    }

    private final ReleaseData data;
    private final WindowActivities windows;

    StageWindow(ReleaseData data, WindowActivities windows) {
        this.data = data;
        this.windows = windows;
    }

    /** @return false when an abort or rollback was asked for while the stage waited */
    boolean awaitRoomFor(int s, Recorder recorder) {
        Schedule schedule = data.plan.rollout().schedule();
        if (schedule == null || Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) == Workflow.DEFAULT_VERSION) {
            return true;
        }
        if (data.overrideApproved()) {
            return true;
        }
        ReleaseStage stage = data.plan.stages().get(s);
        Duration firstWave = data.plan.rolloutFor(stage, stage.scaleSets().get(0)).health().timeout();
        while (!data.stopRequested()) {
            if (data.overrideApproved()) {
                return true;
            }
            Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
            WindowDecision decision = windows.check(new WindowCheck(schedule, now, firstWave));
            if (decision.mayStart()) {
                return true;
            }
            recorder.waiting("stage " + stage.name() + " waits for its window: " + decision.reason() + "; next start "
                    + (decision.nextStart() == null ? "none in sight" : decision.nextStart().toString()));
            Duration untilNext = decision.nextStart() == null ? RECHECK : Duration.between(now, decision.nextStart());
            Workflow.await(untilNext.compareTo(RECHECK) < 0 ? untilNext : RECHECK,
                    () -> data.stopRequested() || data.overrideApproved());
        }
        return false;
    }
}
