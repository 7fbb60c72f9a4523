package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the store derives from states: which rollouts still hold their scale set, which states carry a reason. */
final class StateRules {

    /** Names of the terminal rollout states; the partial unique index (V3_1) lists the same ones. */
    static final List<String> TERMINAL_ROLLOUT_STATES = Arrays.stream(RolloutState.values())
            .filter(RolloutState::isTerminal).map(Enum::name).toList();

    /** Wave states after which the wave is done (until an operator retries it). */
    static final Set<WaveState> FINISHED_WAVE_STATES =
            EnumSet.of(WaveState.SUCCEEDED, WaveState.FAILED, WaveState.CANCELLED, WaveState.ROLLED_BACK);

    // A reason says why a rollout stopped, waits or ended badly; "running" needs no explanation.
    private static final Set<RolloutState> EXPLAINED_STATES = EnumSet.of(RolloutState.WAITING_FOR_APPROVAL,
            RolloutState.WAITING_FOR_WINDOW,
            RolloutState.PAUSED, RolloutState.ROLLING_BACK, RolloutState.FAILED, RolloutState.CANCELLED,
            RolloutState.ROLLED_BACK, RolloutState.TERMINATED);

    private StateRules() {
    }

    /** The reason stored with a new state: the message of the event that caused it, for states that need one. */
    static String reasonFor(RolloutState state, String message) {
        return EXPLAINED_STATES.contains(state) ? message : null;
    }
}
