package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.workflows.ChannelVerdict;
import dev.vmssrollout.workflows.InspectionRequest;
import dev.vmssrollout.workflows.ScaleSetListRequest;
import dev.vmssrollout.workflows.WorkflowGuardActivities;
import dev.vmssrollout.workflows.testing.HeldCheck;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The API's request rows in memory, checked as the worker checks them: a row is taken once, for its action, subject
 * and person. Without one an action came through Temporal directly and {@link #acceptDirect} decides.
 */
final class RecordedApiRequests implements WorkflowGuardActivities {

    private final Map<String, ApiRequest> rows = new HashMap<>();
    private final List<String> refused = new ArrayList<>();
    volatile boolean acceptDirect;
    private volatile String heldAction;
    private volatile CountDownLatch heldArrived;
    private volatile CountDownLatch heldReleased;

    /** The next check of {@code action} waits until {@code released}, after counting down {@code arrived}. */
    void holdingTheNext(String action, CountDownLatch arrived, CountDownLatch released) {
        heldArrived = arrived;
        heldReleased = released;
        heldAction = action;
    }

    synchronized void record(ApiRequest request) {
        rows.put(request.id(), request);
    }

    synchronized List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public ChannelVerdict checkOperatorAction(String subject, String action, String actor, String requestId) {
        CountDownLatch released = heldReleased;
        if (action.equals(heldAction) && released != null) {
            heldReleased = null;
            HeldCheck.hold(action, heldArrived, released);
        }
        return verdict(subject, action, actor, requestId);
    }

    private synchronized ChannelVerdict verdict(String subject, String action, String actor, String requestId) {
        ApiRequest row = requestId == null ? null : rows.remove(requestId);
        if (row != null && row.action().equals(action) && row.subject().equals(subject) && row.actor().equals(actor)) {
            return ChannelVerdict.api();
        }
        if (acceptDirect) {
            return new ChannelVerdict(ChannelVerdict.TEMPORAL, null);
        }
        refused.add(action + " from " + actor);
        return new ChannelVerdict(ChannelVerdict.TEMPORAL, "it arrived through Temporal directly, not through the API");
    }

    @Override
    public ClaimVerdict claimRollout(RolloutClaim claim) {
        throw new UnsupportedOperationException("the scripted rollouts claim nothing");
    }

    @Override
    public String checkInspection(InspectionRequest request) {
        throw new UnsupportedOperationException("a release inspects nothing");
    }

    @Override
    public String checkScaleSetList(ScaleSetListRequest request) {
        throw new UnsupportedOperationException("a release lists scale sets directly");
    }
}
