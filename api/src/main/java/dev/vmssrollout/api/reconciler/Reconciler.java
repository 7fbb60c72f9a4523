package dev.vmssrollout.api.reconciler;

import dev.vmssrollout.api.scalesets.ScaleSetInspector;
import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.RolloutWorkflows.Termination;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.store.ResumableRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.workflows.RolloutInput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure every accepted rollout has a workflow: for each rollout the database has not seen
 * finish, it asks Temporal about {@code rollout-<id>} and starts it again, from the database's
 * resume point, when Temporal has lost it (or it timed out). A workflow someone terminated is not started again:
 * the rollout ends TERMINATED (docs/lifecycle.md). A rollout whose workflow
 * still runs is never started twice: the check comes first, and the workflow ID policy refuses a
 * second run even when two reconcilers race. A rollout stored moments ago that no run has claimed yet is left to whoever
 * stored it for {@code vmss.reconciler.start-grace}: it is starting the workflow with a claim token of its own, and a
 * token issued here in between would make that run's claim fail.
 */
@Component
public class Reconciler {

    private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
    /** The seq the first workflow event gets; a rollout with nothing after SUBMITTED never ran. */
    private static final long FIRST_WORKFLOW_SEQ = 2;

    private final RolloutStore store;
    private final RolloutWorkflows workflows;
    private final ScaleSetInspector inspector;
    private final boolean fourEyes;
    private final boolean searchAttributes;
    private final Duration startGrace;
    private final Clock clock;
    // Warn once per rollout about states that need a person, not every round.
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public Reconciler(RolloutStore store, RolloutWorkflows workflows, ScaleSetInspector inspector,
                      ApprovalProperties approvals, TemporalProperties temporal, ReconcilerProperties reconciler,
                      Optional<Clock> clock) {
        this.store = store;
        this.workflows = workflows;
        this.inspector = inspector;
        this.fourEyes = approvals.fourEyes();
        this.searchAttributes = temporal.searchAttributes().enabled();
        this.startGrace = reconciler.startGrace();
        this.clock = clock.orElse(Clock.systemUTC());
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
        Instant graceStart = clock.instant().minus(startGrace);
        for (ResumableRollout rollout : open) {
            if (rollout.unclaimedSince() != null && rollout.unclaimedSince().isAfter(graceStart)) {
                continue;
            }
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

    /**
     * Someone terminated the workflow in Temporal: they wanted the rollout stopped, so it is not started again. It
     * ends TERMINATED once a census of the scale set (read by the worker: the API never talks to Azure) says what the
     * instances run; until the census can be taken the rollout stays open and the next round tries again.
     */
    private void recordTermination(ResumableRollout open) {
        String id = open.rolloutId();
        RolloutDetails rollout = store.find(id).orElseThrow();
        Termination termination = workflows.termination(id).orElse(new Termination(null, null));
        List<Instance> census;
        try {
            census = inspector.read(rollout.target()).instances();
        } catch (RuntimeException e) {
            if (reported.add(id)) {
                log.warn("reconciler: rollout {} was terminated in Temporal by {}; recording it once the scale set's "
                        + "census can be taken ({})", id, termination.identity(), e.getMessage());
            }
            return;
        }
        store.record(TerminationRecord.of(rollout, termination, census, clock.instant()));
        reported.remove(id);
        log.info("reconciler: rollout {} was terminated in Temporal by {} ({}); recorded TERMINATED, not restarted",
                id, termination.identity(), termination.reason());
    }

    private boolean reconcile(ResumableRollout rollout) {
        WorkflowStatus status = workflows.status(rollout.rolloutId());
        switch (status) {
            case RUNNING -> {
                reported.remove(rollout.rolloutId());
                return false;
            }
            case TERMINATED -> {
                recordTermination(rollout);
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
                // The new run must pass the workflow's claim: a fresh token releases the lost run's claim. Issued only
                // while nobody else has issued one since the round read the rollout (another API's reconciler).
                Optional<String> token = store.reissueClaimToken(rollout.rolloutId(), rollout.claimToken());
                if (token.isEmpty()) {
                    log.info("reconciler: rollout {} got a new claim token from someone else since this round read it; "
                            + "leaving it to them", rollout.rolloutId());
                    return false;
                }
                // An override asked for or approved before the workflow was lost still stands in the new run.
                RolloutInput input = new RolloutInput(rollout.rolloutId(), rollout.plan(), rollout.submittedBy(),
                        fourEyes, searchAttributes, resume, rollout.windowOverride())
                        .withClaimToken(token.get());
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
