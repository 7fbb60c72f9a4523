package dev.vmssrollout.worker;

import dev.vmssrollout.worker.logging.RolloutLogContext;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ProgressActivities;
import dev.vmssrollout.workflows.RolloutWorkflowImpl;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetInspectionWorkflowImpl;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

import java.time.Duration;

/** The Temporal worker that runs rollout workflows and their activities. */
public final class RolloutWorker implements AutoCloseable {

    private final WorkerFactory factory;

    private RolloutWorker(WorkerFactory factory) {
        this.factory = factory;
    }

    /** {@link #start(WorkflowClient, ScaleSetActivities, ProgressActivities, NotificationActivities, WorkerTuning)} without webhooks. */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      WorkerTuning tuning) {
        return start(client, azure, progress, WebhookNotificationActivities.disabled(), tuning);
    }

    /**
     * Registers the rollout and inspection workflows and the activity implementations, and starts
     * polling. Every rollout's log lines carry its rollout ID (and wave) in the MDC.
     */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      NotificationActivities notifications, WorkerTuning tuning) {
        WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new RolloutLogContext())
                .build());
        Worker worker = factory.newWorker(TaskQueues.ROLLOUTS, WorkerOptions.newBuilder()
                // A restarted worker must get workflow tasks at once: the Java test server would
                // otherwise keep routing them to the dead worker's sticky queue.
                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks())
                .build());
        worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, ScaleSetInspectionWorkflowImpl.class);
        worker.registerActivitiesImplementations(azure, progress, notifications);
        factory.start();
        return new RolloutWorker(factory);
    }

    public boolean isPolling() {
        return factory.isStarted() && !factory.isShutdown();
    }

    /** Stops polling and waits for running activities to finish, up to {@code grace}. */
    public void shutdown(Duration grace) {
        factory.shutdown();
        factory.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** Stops at once, as a crash would: tests use it to kill a worker in the middle of a wave. */
    public void kill() {
        factory.shutdownNow();
    }

    @Override
    public void close() {
        shutdown(Duration.ofSeconds(10));
    }

    /** How much one worker runs at once; the defaults suit a small VM. */
    public record WorkerTuning(int maxConcurrentActivities, int maxConcurrentWorkflowTasks) {
        public static WorkerTuning defaults() {
            return new WorkerTuning(200, 50);
        }
    }
}
