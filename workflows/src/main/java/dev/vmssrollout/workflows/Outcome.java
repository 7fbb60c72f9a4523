package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.RolloutState;

/** How a rollout ends, before the policy is restored and the terminal event is recorded. */
record Outcome(RolloutState state, String reason, String actor, int instances, Image image) {

    static Outcome succeeded(int upgraded) {
        return new Outcome(RolloutState.SUCCEEDED, null, null, upgraded, null);
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
