package dev.vmssrollout.api.temporal;

import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.RolloutInput;

import java.util.Optional;

/**
 * The rollout workflows as the API drives them. Every method throws
 * {@link TemporalUnavailableException} when Temporal cannot be reached.
 */
public interface RolloutWorkflows {

    /** Operator signals of {@code RolloutWorkflow}. */
    enum Signal {
        PAUSE("pause"), RESUME("resume"), CANCEL("cancel"), ROLLBACK("rollback"), RETRY_WAVE("retryWave");

        private final String signalName;

        Signal(String signalName) {
            this.signalName = signalName;
        }

        /** The workflow's signal method, also the action name of the API request row. */
        public String signalName() {
            return signalName;
        }
    }

    /**
     * Starts a new rollout's workflow.
     *
     * @return false when its workflow ID is taken already (a run is open or has been): nothing was started
     */
    boolean start(RolloutInput input);

    /**
     * Starts the workflow of a rollout whose workflow was lost or killed; refused (false) when a run
     * is open or one completed.
     */
    boolean restart(RolloutInput input);

    /**
     * Sends the approve Update and waits for the workflow to accept it.
     *
     * @throws UpdateRejectedException  the workflow's validator refused it
     * @throws WorkflowGoneException    no open run of the workflow
     */
    void approve(String rolloutId, ApproveWave approval);

    /** @throws WorkflowGoneException no open run of the workflow */
    void signal(String rolloutId, Signal signal, OperatorCommand command);

    WorkflowStatus status(String rolloutId);

    /** Who terminated the rollout's last run and why, as Temporal recorded it; empty when it was not terminated. */
    Optional<Termination> termination(String rolloutId);

    /** A terminate request as Temporal's history keeps it; either field is null when the caller gave none. */
    record Termination(String identity, String reason) {
    }

    /**
     * Sends an emergency-override Update ({@code requestOverride} or {@code approveOverride}) and waits
     * for the workflow to accept it.
     *
     * @throws UpdateRejectedException  the workflow's validator refused it
     * @throws WorkflowGoneException    no open run of the workflow
     */
    void windowOverride(String rolloutId, Object request);

    /**
     * Tells a rollout that a calendar its schedule uses changed, so a waiting one checks again now.
     *
     * @throws WorkflowGoneException no open run of the workflow
     */
    void calendarChanged(String rolloutId);
}
