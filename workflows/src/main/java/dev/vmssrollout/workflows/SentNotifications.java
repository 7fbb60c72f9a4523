package dev.vmssrollout.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import org.slf4j.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The notifications a workflow run has sent and not yet seen delivered, and whether the run sends any at all (a
 * {@code Workflow.getVersion} change): what rollouts and releases share.
 */
public final class SentNotifications {

    private static final Logger log = Workflow.getLogger(SentNotifications.class);

    private final String changeId;
    private final String subject;
    private final List<Promise<Void>> pending = new ArrayList<>();
    private Boolean enabled;

    /** @param subject what the notifications are about, for the log ("rollout 1b2c...") */
    public SentNotifications(String changeId, String subject) {
        this.changeId = changeId;
        this.subject = subject;
    }

    /** Asked once per run, at the first notification: the answer is recorded in (or replayed from) the history. */
    public boolean enabled() {
        if (enabled == null) {
            enabled = Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) >= 1;
        }
        return enabled;
    }

    /** Starts the activity that sends one; detached, so a run cancelled through Temporal still delivers it. */
    public void send(Supplier<Promise<Void>> sending) {
        Workflow.newDetachedCancellationScope(() -> pending.add(sending.get())).run();
    }

    /**
     * Waits for every notification sent so far. Never fails: a webhook that keeps failing must not fail the workflow,
     * so what could not be delivered is logged (the worker logs and counts it too).
     */
    public void awaitSent() {
        // One at a time off the list: a handler may send another while this one is awaited.
        while (!pending.isEmpty()) {
            Promise<Void> sent = pending.remove(0);
            try {
                sent.get();
            } catch (ActivityFailure failure) {
                log.warn("a notification of {} was not delivered: {}", subject, Failures.describe(failure));
            }
        }
    }
}
