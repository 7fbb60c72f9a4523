package dev.vmssrollout.api.reconciler;

import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.ReleaseWorkflows;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.workflows.releases.ReleaseInput;
import dev.vmssrollout.workflows.releases.ReleaseResume;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes sure every accepted release has a workflow, as {@link Reconciler} does for rollouts: a release the database
 * has not seen finish and whose workflow Temporal does not know (lost with its server, or never started because
 * Temporal was down at submit) gets a new run that goes on from the stored stage and follows the rollouts the release
 * had started (their own workflows are the rollout reconciler's business); it never starts a second rollout for a
 * scale set that has one. A workflow that still runs is never started twice: the check comes first, and the
 * workflow ID policy refuses a second run.
 */
@Component
public class ReleaseReconciler {

    private static final Logger log = LoggerFactory.getLogger(ReleaseReconciler.class);

    private final ReleaseStore store;
    private final ReleaseWorkflows workflows;
    private final boolean fourEyes;
    private final boolean searchAttributes;
    // Warn once per release about states that need a person, not every round.
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    public ReleaseReconciler(ReleaseStore store, ReleaseWorkflows workflows, ApprovalProperties approvals,
                             TemporalProperties temporal) {
        this.store = store;
        this.workflows = workflows;
        this.fourEyes = approvals.fourEyes();
        this.searchAttributes = temporal.searchAttributes().enabled();
    }

    /** One round: the IDs of the releases whose workflow it started. Safe to run at any time. */
    public synchronized List<String> reconcile() {
        List<String> open;
        try {
            open = store.nonTerminal();
        } catch (StoreUnavailableException e) {
            log.warn("release reconciler: the database cannot be reached ({}); trying again next round", e.getMessage());
            return List.of();
        }
        List<String> started = new ArrayList<>();
        for (String id : open) {
            try {
                if (reconcile(id)) {
                    started.add(id);
                }
            } catch (TemporalUnavailableException e) {
                log.warn("release reconciler: Temporal cannot be reached ({}); trying again next round", e.getMessage());
                break;
            } catch (RuntimeException e) {
                // One release's problem must not keep the others from being reconciled.
                log.error("release reconciler: release {} could not be reconciled", id, e);
            }
        }
        if (!started.isEmpty()) {
            log.info("release reconciler: started the workflows of releases {} again", started);
        }
        return started;
    }

    private boolean reconcile(String id) {
        WorkflowStatus status = workflows.status(id);
        if (status == WorkflowStatus.RUNNING) {
            reported.remove(id);
            return false;
        }
        if (status != WorkflowStatus.NOT_FOUND) {
            if (reported.add(id)) {
                log.warn("release reconciler: the workflow of release {} has ended ({}) but the database says it has "
                        + "not; not starting it again, someone has to look", id, status);
            }
            return false;
        }
        // Read after the check: the stored stage and rollouts are at least as new as the lost run's last write.
        ReleaseDetails release = store.find(id).orElseThrow();
        if (release.state().isTerminal()) {
            return false;
        }
        ReleaseResume resume = ReleaseResume.of(release);
        ReleaseInput input = new ReleaseInput(id, release.plan(), release.submittedBy(), fourEyes, searchAttributes)
                .resumingFrom(resume);
        boolean started = workflows.start(input);
        if (started) {
            log.info("release reconciler: release {} had no workflow; started it again at stage {} ({}), following "
                    + "{} stored rollouts", id, resume.stage() + 1, resume.state(), resume.scaleSets().size());
        }
        return started;
    }
}
