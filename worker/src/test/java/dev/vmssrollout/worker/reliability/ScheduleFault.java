package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.Throttling;

/** A fault Azure shows from the start of a schedule; each adds itself to the simulator's faults of the scale set. */
enum ScheduleFault {
    /** Instance 1's upgrade fails: its operation ends Failed and it keeps its image. */
    FAILING_INSTANCE {
        @Override
        void addTo(Faults.Builder faults) {
            faults.failingInstances("1");
        }
    },
    /** The new image boots unhealthy. */
    UNHEALTHY_IMAGE {
        @Override
        void addTo(Faults.Builder faults) {
            faults.unhealthyImages(ReliabilityStack.NEXT_VERSION);
        }
    },
    /** Every upgrade to the new image fails. */
    FAILING_IMAGE {
        @Override
        void addTo(Faults.Builder faults) {
            faults.failingImages(ReliabilityStack.NEXT_VERSION);
        }
    },
    /** The model update to the new image ends Failed. */
    FAILING_MODEL_UPDATE {
        @Override
        void addTo(Faults.Builder faults) {
            faults.failingModelImages(ReliabilityStack.NEXT_VERSION);
        }
    },
    /** One ARM request in ten answered 500 or 503. */
    SERVER_ERRORS {
        @Override
        void addTo(Faults.Builder faults) {
            faults.transient5xxRate(0.1);
        }
    },
    /** One write in five (model update, manualupgrade) answered 409: another operation is in progress, which clears. */
    CONFLICTS {
        @Override
        void addTo(Faults.Builder faults) {
            faults.conflictRate(0.2);
        }
    },
    /** A 429 storm: a few reads and writes a second, each 429 with {@code Retry-After: 1200}. */
    THROTTLING {
        @Override
        void addTo(Faults.Builder faults) {
            faults.throttling(new Throttling(6, 1_000, 4, 1_000, 1200));
        }
    };

    abstract void addTo(Faults.Builder faults);
}
