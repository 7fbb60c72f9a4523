package dev.vmssrollout.worker.releases;

import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.releases.ReleaseActivities;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Runs release workflows and their store activities on their own task queue; the releases' rollouts run on the
 * rollout worker's queue, so a release needs both.
 */
public final class ReleaseWorker implements AutoCloseable {

    private final WorkerFactory factory;

    private ReleaseWorker(WorkerFactory factory) {
        this.factory = factory;
    }

    /** @param stickyScheduleToStart as for the rollout worker: zero against the Java test server */
    public static ReleaseWorker start(WorkflowClient client, ReleaseActivities activities, Duration stickyScheduleToStart) {
        WorkerFactory factory = WorkerFactory.newInstance(client);
        var worker = factory.newWorker(TaskQueues.RELEASES, WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(stickyScheduleToStart).build());
        worker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        factory.start();
        return new ReleaseWorker(factory);
    }

    /** Stops at once, as a crash would. */
    public void kill() {
        factory.shutdownNow();
    }

    @Override
    public void close() {
        factory.shutdown();
        factory.awaitTermination(10, TimeUnit.SECONDS);
    }
}
