package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.RolloutState;

/** How a rollout ends, before the policy is restored and the terminal event is recorded. */
record Outcome(RolloutState state, String reason, String actor, int instances, Image image) {

    /** {@code detail} says what else the final census found (instances added or deleted), or is null. */
    static Outcome succeeded(int upgraded, String detail) {
        return new Outcome(RolloutState.SUCCEEDED, detail, null, upgraded, null);
    }

    static Outcome failed(String reason) {
        return new Outcome(RolloutState.FAILED, reason, null, 0, null);
    }

    static Outcome cancelled(OperatorCommand command) {
        return new Outcome(RolloutState.CANCELLED, "by " + Operators.describe(command), command.actor(), 0, null);
    }

    static Outcome rolledBack(int returned, Image image) {
        return new Outcome(RolloutState.ROLLED_BACK, null, null, returned, image);
    }
}
