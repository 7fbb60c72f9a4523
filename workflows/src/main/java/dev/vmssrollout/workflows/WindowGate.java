package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.schedule.WindowDecision;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Holds the rollout back until its schedule leaves room for the next step: before the first
 * change to Azure and before each wave. It never interrupts a wave; it only decides whether the
 * next one may start. While it waits the rollout is WAITING_FOR_WINDOW on a durable timer, and it
 * asks again (reading the calendar as it is then) when the timer fires, when a calendar changes
 * and at least every {@link #RECHECK}.
 */
final class WindowGate {

    /** Workflow.getVersion change ID: runs started before maintenance windows existed replay without them. */
    static final String CHANGE_ID = "maintenance-windows";
    /** However far the next window is, the calendar is read again at least this often. */
    static final Duration RECHECK = Duration.ofHours(6);

    private final RolloutData data;
    private final EventLog events;
    private final WindowActivities windows;
    private Boolean enabled;

    WindowGate(RolloutData data, EventLog events) {
        this.data = data;
        this.events = events;
        this.windows = Workflow.newActivityStub(WindowActivities.class, RolloutActivityOptions.progress());
    }

    /**
     * Waits until a step of {@code expected} may start. Returns true when it may start now, false
     * when an operator request came in meanwhile (the caller handles it, then asks again).
     */
    boolean awaitRoomFor(Duration expected) {
        if (data.plan().schedule() == null || !enabled()) {
            return true;
        }
        while (true) {
            if (data.operatorRequestPending()) {
                return false;
            }
            if (data.windowOverride != null && data.windowOverride.approved()) {
                opened("emergency override by " + data.windowOverride.requestedBy() + " approved by "
                        + data.windowOverride.approvedBy());
                return true;
            }
            Instant now = Instant.ofEpochMilli(Workflow.currentTimeMillis());
            data.calendarChanged = false;
            WindowDecision decision = windows.check(new WindowCheck(data.plan().schedule(), now, expected));
            if (decision.mayStart()) {
                opened("a step of " + words(expected) + " fits before it closes");
                return true;
            }
            waiting(decision);
            Duration sleep = decision.nextStart() == null ? RECHECK
                    : min(Duration.between(now, decision.nextStart()), RECHECK);
            Workflow.await(sleep, () -> data.calendarChanged || data.operatorRequestPending()
                    || (data.windowOverride != null && data.windowOverride.approved()));
        }
    }

    /**
     * Before anything changes in Azure: waits for room for the first wave. Null when the rollout
     * may go on; otherwise how it ends (cancelled, or "rolled back" when nothing was changed yet).
     */
    Outcome beforeFirstChange() {
        while (true) {
            if (data.cancelOrRollbackRequested()) {
                return Outcome.cancelled(data.cancelRequest != null ? data.cancelRequest : data.rollbackRequest);
            }
            if (data.pauseRequest != null) {
                pause();
                continue;
            }
            if (awaitRoomFor(data.expectedWaveDuration())) {
                return null;
            }
        }
    }

    private void pause() {
        OperatorCommand request = data.pauseRequest;
        data.pauseRequest = null;
        String reason = Operators.reason(request) + "; resume, or cancel";
        events.record(Change.of(EventType.PAUSED, Operators.actor(request), Operators.reason(request))
                .by(request.actor()).rollout(RolloutState.PAUSED, reason));
        Workflow.await(() -> data.decision != null || data.cancelOrRollbackRequested());
        data.decision = null;
    }

    private void waiting(WindowDecision decision) {
        String next = decision.nextStart() == null ? "none in sight" : decision.nextStart().toString();
        if (data.state == RolloutState.WAITING_FOR_WINDOW && Objects.equals(data.nextWindowStart, decision.nextStart())) {
            return; // woken and still waiting for the same start: nothing new to record
        }
        String reason = decision.reason() + "; next start " + next;
        events.record(Change.of(EventType.WAITING_FOR_WINDOW, decision.reason(), next)
                .rollout(RolloutState.WAITING_FOR_WINDOW, reason)
                .nextWindowStart(decision.nextStart()));
    }

    private void opened(String why) {
        if (data.state == RolloutState.WAITING_FOR_WINDOW) {
            events.record(Change.of(EventType.WINDOW_OPENED, why).rollout(RolloutState.RUNNING));
        }
    }

    /** Asked once per run, when a scheduled rollout first reaches the gate: recorded in (or replayed from) the history. */
    private boolean enabled() {
        if (enabled == null) {
            enabled = Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, 1) >= 1;
        }
        return enabled;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static String words(Duration d) {
        return d.toString().substring(2).toLowerCase();
    }
}
