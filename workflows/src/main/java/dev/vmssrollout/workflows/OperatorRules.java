package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutState;

/**
 * Whether an operator signal makes sense now; each method returns why not, or null. These
 * checks are also the handlers' idempotency guard: a duplicate finds its own effect and is refused.
 */
final class OperatorRules {

    private OperatorRules() {
    }

    static String whyNotPause(RolloutData data) {
        String stopped = stoppedOrStopping(data);
        if (stopped != null) {
            return stopped;
        }
        if (data.state == RolloutState.PAUSED) {
            return "the rollout is already paused";
        }
        return data.pauseRequest != null ? "a pause is already requested" : null;
    }

    static String whyNotResume(RolloutData data) {
        String stopped = stoppedOrStopping(data);
        if (stopped != null) {
            return stopped;
        }
        if (data.rollbackIncomplete) {
            return "a rollback is incomplete: roll back again to retry it, or cancel";
        }
        return data.state == RolloutState.PAUSED || data.pauseRequest != null ? null : "the rollout is not paused";
    }

    static String whyNotRetry(RolloutData data) {
        String stopped = stoppedOrStopping(data);
        if (stopped != null) {
            return stopped;
        }
        return data.state == RolloutState.PAUSED && data.failedWave != null ? null
                : "no failed wave waits for a decision";
    }

    static String whyNotCancel(RolloutData data) {
        String ended = endedOrRollingBack(data);
        if (ended != null) {
            return ended;
        }
        if (data.rollbackRequest != null) {
            return "a rollback is already requested";
        }
        return data.cancelRequest != null ? "a cancel is already requested" : null;
    }

    static String whyNotRollback(RolloutData data) {
        String ended = endedOrRollingBack(data);
        if (ended != null) {
            return ended;
        }
        return data.rollbackRequest != null ? "a rollback is already requested" : null;
    }

    private static String stoppedOrStopping(RolloutData data) {
        String ended = endedOrRollingBack(data);
        if (ended != null) {
            return ended;
        }
        if (data.rollbackRequest != null) {
            return "a rollback is already requested";
        }
        return data.cancelRequest != null ? "a cancel is already requested" : null;
    }

    private static String endedOrRollingBack(RolloutData data) {
        if (data.state.isTerminal()) {
            return "the rollout has ended (" + data.state + ")";
        }
        return data.state == RolloutState.ROLLING_BACK ? "the rollout is rolling back" : null;
    }
}
