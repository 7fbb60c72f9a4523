package dev.vmssrollout.worker;

import dev.vmssrollout.worker.analysis.NoMetricAnalysis;
import dev.vmssrollout.worker.logging.RolloutLogContext;
import dev.vmssrollout.workflows.AnalysisActivities;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.workflows.NotificationActivities;
import dev.vmssrollout.workflows.ProgressActivities;
import dev.vmssrollout.workflows.RolloutWorkflowImpl;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetInspectionWorkflowImpl;
import dev.vmssrollout.workflows.ScaleSetListWorkflowImpl;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.WindowActivities;
import dev.vmssrollout.worker.windows.CalendarWindowActivities;
import dev.vmssrollout.workflows.WorkflowGuardActivities;
import dev.vmssrollout.workflows.releases.ReleaseActivities;
import dev.vmssrollout.workflows.releases.ReleaseWorkflowImpl;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;

import java.time.Duration;

/** The Temporal worker that runs rollout workflows and their activities (and, when given their activities, releases). */
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
     * Registers the rollout, inspection and scale set list workflows and the activity implementations (an
     * {@code azure} that also implements {@link dev.vmssrollout.workflows.ScaleSetListActivities} serves lists), and starts
     * polling. Every rollout's log lines carry its rollout ID (and wave) in the MDC.
     */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      NotificationActivities notifications, WorkerTuning tuning) {
        return start(client, azure, progress, notifications, CalendarWindowActivities.withoutCalendars(), tuning);
    }

    /** With maintenance calendars: {@code windows} reads them (without, only inline windows and notBefore work). */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      NotificationActivities notifications, WindowActivities windows,
                                      WorkerTuning tuning) {
        return start(client, azure, progress, notifications, windows, new NoMetricAnalysis(), tuning);
    }

    /** With metric analysis: {@code analysis} measures waves through the configured providers and keeps the evidence. */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      NotificationActivities notifications, WindowActivities windows,
                                      AnalysisActivities analysis, WorkerTuning tuning) {
        return start(client, azure, progress, notifications, windows, analysis, null, tuning);
    }

    /**
     * With releases: {@code releases} (null for none) serves release workflows on their own task queue, in the same
     * factory, so that stopping or killing this worker stops them too.
     */
    public static RolloutWorker start(WorkflowClient client, ScaleSetActivities azure, ProgressActivities progress,
                                      NotificationActivities notifications, WindowActivities windows,
                                      AnalysisActivities analysis, ReleaseActivities releases, WorkerTuning tuning) {
        if (!(progress instanceof WorkflowGuardActivities)) {
            // Without the guard a workflow would wait forever for an activity no worker serves.
            throw new IllegalArgumentException("the progress activities must also implement WorkflowGuardActivities"
                    + " (StoreProgressActivities does)");
        }
        WorkerFactory factory = WorkerFactory.newInstance(client, WorkerFactoryOptions.newBuilder()
                .setWorkerInterceptors(new RolloutLogContext())
                .build());
        WorkerOptions.Builder options = WorkerOptions.newBuilder()
                .setStickyQueueScheduleToStartTimeout(tuning.stickyScheduleToStart())
                .setMaxConcurrentActivityExecutionSize(tuning.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(tuning.maxConcurrentWorkflowTasks());
        if (tuning.activityPollers() > 0) {
            options.setMaxConcurrentActivityTaskPollers(tuning.activityPollers());
        }
        if (tuning.workflowTaskPollers() > 0) {
            options.setMaxConcurrentWorkflowTaskPollers(tuning.workflowTaskPollers());
        }
        Worker worker = factory.newWorker(TaskQueues.ROLLOUTS, options.build());
        worker.registerWorkflowImplementationTypes(RolloutWorkflowImpl.class, ScaleSetInspectionWorkflowImpl.class,
                ScaleSetListWorkflowImpl.class);
        worker.registerActivitiesImplementations(azure, progress, notifications, windows, analysis);
        if (releases != null) {
            Worker releaseWorker = factory.newWorker(TaskQueues.RELEASES, WorkerOptions.newBuilder()
                    .setStickyQueueScheduleToStartTimeout(tuning.stickyScheduleToStart()).build());
            releaseWorker.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
            releaseWorker.registerActivitiesImplementations(releases);
        }
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

    /**
     * How much one worker runs at once; the defaults suit a small VM. A rollout holds an activity slot (and a thread)
     * for the whole of each wave's health wait, so activity slots bound how many rollouts run waves at once.
     *
     * @param activityPollers     threads polling for activity tasks, 0 for the SDK's default
     * @param workflowTaskPollers threads polling for workflow tasks, 0 for the SDK's default
     * @param stickyScheduleToStart how long a workflow's next task waits for this worker (which has the workflow
     *                            cached) before any worker may take it. Zero by default: the Java test server, our
     *                            dev server, would otherwise keep a dead worker's tasks; a real server times them out
     */
    public record WorkerTuning(int maxConcurrentActivities, int maxConcurrentWorkflowTasks, int activityPollers,
                               int workflowTaskPollers, Duration stickyScheduleToStart) {

        public WorkerTuning {
            if (maxConcurrentActivities < 1 || maxConcurrentWorkflowTasks < 1) {
                throw new IllegalArgumentException("a worker needs at least 1 activity and 1 workflow task slot:"
                        + " set VMSS_ROLLOUT_MAX_CONCURRENT_ACTIVITIES and"
                        + " VMSS_ROLLOUT_MAX_CONCURRENT_WORKFLOW_TASKS to 1 or more");
            }
            if (activityPollers < 0 || workflowTaskPollers < 0) {
                throw new IllegalArgumentException("VMSS_ROLLOUT_ACTIVITY_POLLERS and VMSS_ROLLOUT_WORKFLOW_TASK_POLLERS"
                        + " must not be negative (0 keeps the SDK's default)");
            }
            if (stickyScheduleToStart == null || stickyScheduleToStart.isNegative()) {
                throw new IllegalArgumentException("VMSS_ROLLOUT_STICKY_SCHEDULE_TO_START must be zero or more, e.g. PT5S");
            }
        }

        public static WorkerTuning defaults() {
            return new WorkerTuning(200, 50, 0, 0, Duration.ZERO);
        }
    }
}
