package dev.vmssrollout.workflows;

import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.workflows.testing.HeldCheck;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The database's side-door checks as the workflow sees them: grants every claim and takes every
 * action for the API's own unless told otherwise, and remembers what it was asked.
 */
final class RecordedGuard implements WorkflowGuardActivities {

    private final List<RolloutClaim> claims = new ArrayList<>();
    private String claimRefusal;
    private String listRefusal;
    private ChannelVerdict actionVerdict = ChannelVerdict.api();
    private volatile String heldAction;
    private volatile CountDownLatch heldArrived;
    private volatile CountDownLatch heldReleased;

    synchronized RecordedGuard refusingClaims(String reason) {
        claimRefusal = reason;
        return this;
    }

    synchronized RecordedGuard refusingScaleSetLists(String reason) {
        listRefusal = reason;
        return this;
    }

    /** Every operator action and approval gets this verdict. */
    synchronized RecordedGuard answeringActions(ChannelVerdict verdict) {
        actionVerdict = verdict;
        return this;
    }

    /** The next approval's check waits until {@code released}, after counting down {@code arrived}. */
    RecordedGuard holdingTheNextApproval(CountDownLatch arrived, CountDownLatch released) {
        return holdingTheNext("approve", arrived, released);
    }

    /** The next check of {@code action} ("pause", ...) waits until {@code released}, after counting down {@code arrived}. */
    RecordedGuard holdingTheNext(String action, CountDownLatch arrived, CountDownLatch released) {
        heldArrived = arrived;
        heldReleased = released;
        heldAction = action;
        return this;
    }

    synchronized List<RolloutClaim> claims() {
        return List.copyOf(claims);
    }

    @Override
    public synchronized ClaimVerdict claimRollout(RolloutClaim claim) {
        claims.add(claim);
        return claimRefusal == null ? ClaimVerdict.grant() : ClaimVerdict.refuse(claimRefusal);
    }

    @Override
    public ChannelVerdict checkOperatorAction(String rolloutId, String action, String actor, String requestId) {
        CountDownLatch released = heldReleased;
        if (action.equals(heldAction) && released != null) {
            heldReleased = null;
            HeldCheck.hold(action, heldArrived, released);
        }
        synchronized (this) {
            return actionVerdict;
        }
    }

    @Override
    public String checkInspection(InspectionRequest request) {
        return null;
    }

    @Override
    public synchronized String checkScaleSetList(ScaleSetListRequest request) {
        return listRefusal;
    }
}
