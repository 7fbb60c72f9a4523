package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;

/**
 * What a step of a schedule does: an operator's action through the workflow (as the API sends it), a change of the
 * world (someone else's model update, a fix of the faults), or a worker kill. One entry per kind; a kind is added
 * here when the product and the simulator support it.
 */
enum ScheduleAction {
    APPROVE {
        @Override
        void apply(ScheduleRunner.Run run) {
            RolloutDetails rollout = run.rollout();
            int wave = rollout.currentWave() == null ? 0 : rollout.currentWave();
            run.workflow().approve(new ApproveWave("bob", wave, "approved by the generator"));
        }
    },
    PAUSE {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.workflow().pause(command("pause"));
        }
    },
    RESUME {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.workflow().resume(command("resume"));
        }
    },
    RETRY {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.workflow().retryWave(command("retry"));
        }
    },
    CANCEL {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.workflow().cancel(command("cancel"));
        }
    },
    ROLLBACK {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.workflow().rollback(command("rollback"));
        }
    },
    /** The worker dies at once (its activities abandoned) and a new one starts 100 ms later. */
    KILL_WORKER {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.stack().killWorker();
            ScheduleRunner.sleep(100);
            run.stack().startWorker();
        }
    },
    /** Someone else (the portal, a pipeline) puts a third image into the model while the rollout runs. */
    DRIFT_MODEL {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.arm().updateModelImage(ReliabilityStack.ref(run.key()), DRIFT_IMAGE);
        }

        @Override
        boolean changesAzure() {
            return true;
        }
    },
    /** Autoscale (or a person) adds two instances while the rollout runs: they come up on the model of the moment. */
    SCALE_OUT {
        @Override
        void apply(ScheduleRunner.Run run) {
            int capacity = run.stack().report(run.key()).capacity();
            run.stack().simulator.scaleTo(run.key(), capacity + 2);
        }

        @Override
        boolean changesAzure() {
            return true;
        }
    },
    /** Whatever was broken is fixed: the faults of the setup stop. */
    FIX_FAULTS {
        @Override
        void apply(ScheduleRunner.Run run) {
            run.stack().faults(run.key(), ScheduleRunner.baseFaults().build());
        }
    };

    static final Image DRIFT_IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202411010");

    /** Does it; may throw when the workflow refuses or has ended, which the runner records and goes on. */
    abstract void apply(ScheduleRunner.Run run);

    /**
     * Whether it changes the scale set behind the rollout's back. Such a step is not taken once the rollout has
     * ended: the end state is compared with Azure, and a change made after it would be no fault of the rollout.
     */
    boolean changesAzure() {
        return false;
    }

    private static OperatorCommand command(String what) {
        return new OperatorCommand("bob", what + " by the generator");
    }
}
