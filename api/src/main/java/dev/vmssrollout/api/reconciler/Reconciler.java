package dev.vmssrollout.api.reconciler;

import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.store.ResumableRollout;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.workflows.RolloutInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure every accepted rollout has a workflow: for each rollout the database has not seen
 * finish, it asks Temporal about {@code rollout-<id>} and starts it again, from the database's
 * resume point, when Temporal has lost it (or it was killed from outside). A rollout whose workflow
 * still runs is never started twice: the check comes first, and the workflow ID policy refuses a
 * second run even when two reconcilers race.
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** The seq the first workflow event gets; a rollout with nothing after SUBMITTED never ran. */
    private static final long FIRST_WORKFLOW_SEQ = 2;

    private final RolloutStore store;
    private final RolloutWorkflows workflows;
    private final boolean fourEyes;
    private final boolean searchAttributes;
    // Warn once per rollout about states that need a person, not every round.
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public Reconciler(RolloutStore store, RolloutWorkflows workflows, ApprovalProperties approvals,
                      TemporalProperties temporal) {
        this.store = store;
        this.workflows = workflows;
        this.fourEyes = approvals.fourEyes();
        this.searchAttributes = temporal.searchAttributes().enabled();
    }

    /** One round; safe to run at any time, also concurrently with submissions. */
    public synchronized Reconciliation reconcile() {
        List<ResumableRollout> open;
        try {
            open = store.nonTerminal();
        } catch (StoreUnavailableException e) {
            log.warn("reconciler: the database cannot be reached ({}); trying again next round", e.getMessage());
            return new Reconciliation(0, List.of(), false);
        }
        List<String> started = new ArrayList<>();
        int checked = 0;
        for (ResumableRollout rollout : open) {
            try {
                checked++;
                if (reconcile(rollout)) {
                    started.add(rollout.rolloutId());
                }
            } catch (TemporalUnavailableException e) {
                log.warn("reconciler: Temporal cannot be reached ({}); trying again next round", e.getMessage());
                return new Reconciliation(checked, started, true);
            } catch (RuntimeException e) {
                // One rollout's problem must not keep the others from being reconciled.
                log.error("reconciler: rollout {} could not be reconciled", rollout.rolloutId(), e);
            }
        }
        if (!started.isEmpty()) {
            log.info("reconciler: restarted the workflows of rollouts {}", started);
        }
        return new Reconciliation(checked, started, false);
    }

    private boolean reconcile(ResumableRollout rollout) {
        WorkflowStatus status = workflows.status(rollout.rolloutId());
        switch (status) {
            case RUNNING -> {
                reported.remove(rollout.rolloutId());
                return false;
            }
            case COMPLETED, FAILED -> {
                if (reported.add(rollout.rolloutId())) {
                    log.warn("reconciler: the workflow of rollout {} has ended ({}) but the database still says {}; "
                                    + "not restarting it, someone has to look", rollout.rolloutId(), status,
                            rollout.resumePoint().state());
                }
                return false;
            }
            default -> {
                ResumePoint resume = rollout.resumePoint().nextSeq() <= FIRST_WORKFLOW_SEQ ? null : rollout.resumePoint();
                RolloutInput input = new RolloutInput(rollout.rolloutId(), rollout.plan(), rollout.submittedBy(),
                        fourEyes, searchAttributes, resume);
                boolean started = workflows.restart(input);
                if (started) {
                    log.info("reconciler: rollout {} had no running workflow ({}); started it again {}",
                            rollout.rolloutId(), status, resume == null ? "from the beginning"
                                    : "after wave " + resume.completedWaves());
                }
                return started;
            }
        }
    }
}
