package dev.vmssrollout.worker.progress;

import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.EventConflictException;
import dev.vmssrollout.model.store.ProgressRecorder;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.model.store.UnknownRolloutException;
import dev.vmssrollout.worker.metrics.RolloutMetrics;
import dev.vmssrollout.workflows.ProgressActivities;
import dev.vmssrollout.workflows.ChannelVerdict;
import dev.vmssrollout.workflows.DirectActions;
import dev.vmssrollout.workflows.InspectionRequest;
import dev.vmssrollout.workflows.ScaleSetListRequest;
import dev.vmssrollout.workflows.WorkflowGuardActivities;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import io.temporal.failure.ApplicationFailure;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Records workflow progress in PostgreSQL. A database that is down is retried (the rollout waits
 * for it); an event the database refuses is a bug that retrying cannot fix, so it fails at once.
 * Also the workflows' checks against the Temporal side door, which read rows only the API writes.
 */
public class StoreProgressActivities implements ProgressActivities, WorkflowGuardActivities {

    /** ApplicationFailure type of an event the store refused. */
    public static final String PROGRESS_REJECTED = "PROGRESS_REJECTED";

    private static final Logger log = LoggerFactory.getLogger(StoreProgressActivities.class);

    /** An API request older than this is refused: the API sends it right after writing it. */
    static final Duration REQUEST_MAX_AGE = Duration.ofHours(1);

    private final ProgressRecorder recorder;
    private final RolloutMetrics metrics;
    private final DirectActions directActions;

    public StoreProgressActivities(ProgressRecorder recorder) {
        this(recorder, RolloutMetrics.global());
    }

    public StoreProgressActivities(ProgressRecorder recorder, RolloutMetrics metrics) {
        this(recorder, metrics, DirectActions.REFUSE);
    }

    public StoreProgressActivities(ProgressRecorder recorder, RolloutMetrics metrics, DirectActions directActions) {
        this.recorder = recorder;
        this.metrics = metrics;
        this.directActions = directActions;
    }

    @Override
    public ClaimVerdict claimRollout(RolloutClaim claim) {
        ClaimVerdict verdict = unlessDown("claiming rollout " + claim.rolloutId(), () -> recorder.claim(claim));
        if (!verdict.granted()) {
            log.warn("workflow run {} refused for rollout {}: {}", claim.run(), claim.rolloutId(), verdict.reason());
        }
        return verdict;
    }

    @Override
    public ChannelVerdict checkOperatorAction(String subject, String action, String actor, String requestId) {
        String notTheApi = "it names no request the API made";
        if (requestId != null && !requestId.isBlank()) {
            String why = unlessDown("checking request " + requestId,
                    () -> recorder.consumeRequest(new ApiRequest(requestId, action, subject, actor), REQUEST_MAX_AGE));
            if (why == null) {
                return ChannelVerdict.api();
            }
            notTheApi = why;
        }
        if (directActions == DirectActions.ACCEPT) {
            log.info("{} of {} from {} accepted through Temporal directly ({})", action, subject, actor, notTheApi);
            return new ChannelVerdict(ChannelVerdict.TEMPORAL, null);
        }
        return new ChannelVerdict(ChannelVerdict.TEMPORAL, "it arrived through Temporal directly, not through the API ("
                + notTheApi + "), and this worker refuses such actions (" + DirectActions.VARIABLE
                + "=refuse; see docs/security.md)");
    }

    @Override
    public String checkInspection(InspectionRequest request) {
        if (request == null || request.scaleSet() == null || request.requestId() == null || request.requestId().isBlank()) {
            return "it names no request the API made; only the API may have the worker read a scale set";
        }
        String why = unlessDown("checking request " + request.requestId(), () -> recorder.consumeRequest(
                new ApiRequest(request.requestId(), ApiRequest.INSPECT, request.scaleSet().toString(), null), REQUEST_MAX_AGE));
        if (why != null) {
            log.warn("inspection of {} refused: {}", request.scaleSet(), why);
        }
        return why;
    }

    @Override
    public String checkScaleSetList(ScaleSetListRequest request) {
        if (request == null || request.subscriptionId() == null || request.requestId() == null
                || request.requestId().isBlank()) {
            return "it names no request the API made; only the API may have the worker list scale sets";
        }
        String why = unlessDown("checking request " + request.requestId(), () -> recorder.consumeRequest(
                new ApiRequest(request.requestId(), ApiRequest.LIST_SCALE_SETS, request.subject(), null), REQUEST_MAX_AGE));
        if (why != null) {
            log.warn("scale set list of {} refused: {}", request.subject(), why);
        }
        return why;
    }

    private static <T> T unlessDown(String what, Supplier<T> check) {
        try {
            return check.get();
        } catch (StoreUnavailableException down) {
            throw ApplicationFailure.newFailureWithCause("database unavailable while " + what + ": " + down.getMessage(),
                    "DATABASE_UNAVAILABLE", down);
        }
    }

    @Override
    public void record(ProgressEvent event) {
        try {
            if (recorder.record(event)) {
                metrics.recorded(event); // only new events: a retried activity must not count twice
            }
        } catch (StoreUnavailableException down) {
            throw ApplicationFailure.newFailureWithCause("database unavailable while recording event " + event.seq()
                    + " of rollout " + event.rolloutId() + ": " + down.getMessage(), "DATABASE_UNAVAILABLE", down);
        } catch (UnknownRolloutException | EventConflictException | IllegalArgumentException refused) {
            throw ApplicationFailure.newNonRetryableFailureWithCause("the database refused event " + event.seq()
                    + " (" + event.type() + ") of rollout " + event.rolloutId() + ": " + refused.getMessage(),
                    PROGRESS_REJECTED, refused);
        }
    }
}
