package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.ApiRequests;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.api.temporal.RolloutWorkflows.Signal;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.UpdateRejectedException;
import dev.vmssrollout.api.temporal.WorkflowGoneException;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OverrideApproval;
import dev.vmssrollout.workflows.OverrideRequest;
import dev.vmssrollout.workflows.OperatorCommand;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * Approvals and operator actions, relayed to the rollout's workflow with the caller's identity (the
 * workflow records it in the event log). The API refuses what it can tell from the database; the
 * workflow decides the rest.
 */
@Service
class RolloutActions {

    private static final int MAX_TEXT = 1000;

    private final RolloutQueries queries;
    private final RolloutWorkflows workflows;
    private final boolean fourEyes;
    private final ApiRequests requests;

    RolloutActions(RolloutQueries queries, RolloutWorkflows workflows, ApprovalProperties approvals, ApiRequests requests) {
        this.queries = queries;
        this.workflows = workflows;
        this.fourEyes = approvals.fourEyes();
        this.requests = requests;
    }

    RolloutView approve(String id, ApproveRequest request, String user) {
        String comment = request == null ? null : text("comment", request.comment());
        RolloutDetails rollout = queries.find(id);
        requireNotEnded(rollout);
        if (fourEyes && Identity.samePerson(rollout.submittedBy(), user)) {
            throw new ApiProblemException(ProblemType.FOUR_EYES, "four-eyes rule: " + user + " submitted rollout "
                    + id + " and may not approve it; another approver must");
        }
        Integer wave = requestedWave(request);
        if (wave == null) {
            wave = RolloutViews.waitingForApproval(rollout);
        }
        if (wave == null) {
            throw conflict("rollout " + id + " is not waiting for approval (it is " + rollout.state() + ")");
        }
        if (wave < 0 || (rollout.wavesTotal() != null && wave >= rollout.wavesTotal())) {
            String field = request != null && request.waveNumber() != null ? "waveNumber" : "wave";
            String message = "there is no wave " + WaveNumbers.number(wave) + (rollout.wavesTotal() == null ? ""
                    : "; waves are numbered 1 to " + rollout.wavesTotal() + " (index 0 to " + (rollout.wavesTotal() - 1) + ")");
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, message, List.of(new FieldViolation(field, message)));
        }
        try {
            workflows.approve(id, new ApproveWave(user, wave, comment, requests.record("approve", id, user)));
        } catch (UpdateRejectedException rejected) {
            throw refused(rejected, "wave");
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return queries.get(id);
    }

    RolloutView requestOverride(String id, OperatorRequest request, String user) {
        String reason = request == null ? null : text("reason", request.reason());
        if (reason == null || reason.isBlank()) {
            String message = "an override needs a reason: say why the rollout cannot wait for its window";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, message, List.of(new FieldViolation("reason", message)));
        }
        requireNotEnded(queries.find(id));
        return windowOverride(id, new OverrideRequest(user, reason, requests.record("requestOverride", id, user)), "reason");
    }

    RolloutView approveOverride(String id, ApproveRequest request, String user) {
        String comment = request == null ? null : text("comment", request.comment());
        requireNotEnded(queries.find(id));
        return windowOverride(id, new OverrideApproval(user, comment, requests.record("approveOverride", id, user)),
                "approver");
    }

    private RolloutView windowOverride(String id, Object update, String field) {
        try {
            workflows.windowOverride(id, update);
        } catch (UpdateRejectedException rejected) {
            throw refused(rejected, field);
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return queries.get(id);
    }

    /** An Update the workflow's validator refused: 409 for the rollout's state, 403 for four-eyes, else 400 on {@code field}. */
    private static ApiProblemException refused(UpdateRejectedException rejected, String field) {
        if (!rejected.badRequest()) {
            return conflict(rejected.getMessage());
        }
        if (rejected.getMessage() != null && rejected.getMessage().startsWith("four-eyes")) {
            return new ApiProblemException(ProblemType.FOUR_EYES, rejected.getMessage());
        }
        return new ApiProblemException(ProblemType.INVALID_REQUEST, rejected.getMessage(),
                List.of(new FieldViolation(field, rejected.getMessage())));
    }

    /** The 0-based index the caller named, by number or by index; null when they named none. */
    private static Integer requestedWave(ApproveRequest request) {
        if (request == null) {
            return null;
        }
        Integer byNumber = request.waveNumber() == null ? null : WaveNumbers.index(request.waveNumber());
        if (byNumber != null && request.wave() != null && !byNumber.equals(request.wave())) {
            String message = "waveNumber " + request.waveNumber() + " and wave (index) " + request.wave()
                    + " name different waves; give one of them (waveNumber counts from 1, wave from 0)";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, message,
                    List.of(new FieldViolation("waveNumber", message)));
        }
        return byNumber != null ? byNumber : request.wave();
    }

    RolloutView operate(String id, Signal signal, OperatorRequest request, String user) {
        String reason = request == null ? null : text("reason", request.reason());
        RolloutDetails rollout = queries.find(id);
        requireNotEnded(rollout);
        if (rollout.state() == RolloutState.ROLLING_BACK) {
            throw conflict("rollout " + id + " is rolling back; it can no longer be paused, resumed, retried, "
                    + "cancelled or rolled back");
        }
        if (signal == Signal.RETRY_WAVE && rollout.state() != RolloutState.PAUSED) {
            throw conflict("rollout " + id + " is " + rollout.state() + "; only a rollout paused after a failed wave "
                    + "can retry it");
        }
        try {
            workflows.signal(id, signal, new OperatorCommand(user, reason, requests.record(signal.signalName(), id, user)));
        } catch (WorkflowGoneException | TemporalUnavailableException e) {
            throw unreachable(id, e);
        }
        return queries.get(id);
    }

    private static void requireNotEnded(RolloutDetails rollout) {
        if (rollout.state().isTerminal()) {
            throw conflict("rollout " + rollout.id() + " has ended (" + rollout.state() + ")");
        }
    }

    /**
     * Temporal cannot take the action now. The rollout may have ended since it was read (a cancel, or its last wave,
     * won a race with this request) and its workflow closed: that is a 409 like any action on an ended rollout, as
     * a retry would find. Otherwise the database says the rollout runs: retrying later will work.
     */
    private ApiProblemException unreachable(String id, RuntimeException e) {
        if (e instanceof WorkflowGoneException) {
            requireNotEnded(queries.find(id));
        }
        return new ApiProblemException(ProblemType.DEPENDENCY_UNAVAILABLE, "the workflow of rollout " + id
                + " cannot take the action now (" + e.getMessage() + "); if it was lost, the reconciler restarts it. "
                + "Try again shortly");
    }

    private static ApiProblemException conflict(String message) {
        return new ApiProblemException(ProblemType.ROLLOUT_CONFLICT, message);
    }

    private static String text(String field, String value) {
        if (value != null && value.length() > MAX_TEXT) {
            String message = "must be at most " + MAX_TEXT + " characters";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, field + " " + message,
                    List.of(new FieldViolation(field, message)));
        }
        if (value != null && value.chars().anyMatch(Character::isISOControl)) {
            // NUL cannot be stored at all and the others forge lines in logs and terminals: one line of text only.
            String message = "must not contain control characters (NUL, line breaks, escape sequences...)";
            throw new ApiProblemException(ProblemType.INVALID_REQUEST, field + " " + message,
                    List.of(new FieldViolation(field, message)));
        }
        return value == null || value.isBlank() ? null : value;
    }
}
