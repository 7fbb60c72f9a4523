package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The release workflow in Temporal's time-skipping test environment, with {@link ScriptedRollout} for its children and
 * {@link RecordedReleaseStore}, {@link RecordedReleaseNotifications} and {@link ScriptedScaleSetHealth}, {@link ScriptedBakeAnalysis} and
 * {@link RecordedWindowChecks} for its activities. One release, {@code rel-1}, per harness.
 */
final class ReleaseHarness implements AutoCloseable {

    static final String RELEASE_ID = "rel-1";

    final TestWorkflowEnvironment env;
    final RecordedReleaseStore store = new RecordedReleaseStore();
    final RecordedReleaseNotifications notifications = new RecordedReleaseNotifications();
    final ScriptedScaleSetHealth azure = new ScriptedScaleSetHealth();
    final ScriptedBakeAnalysis analysis = new ScriptedBakeAnalysis();
    final RecordedWindowChecks windows = new RecordedWindowChecks();
    private WorkflowStub stub;

    ReleaseHarness() {
        ScriptedRollout.reset();
        env = TestWorkflowEnvironment.newInstance();
        Worker rollouts = env.newWorker(TaskQueues.ROLLOUTS);
        rollouts.registerWorkflowImplementationTypes(ScriptedRollout.class);
        rollouts.registerActivitiesImplementations(notifications, azure, analysis, windows);
        Worker releases = env.newWorker(TaskQueues.RELEASES);
        releases.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
        releases.registerActivitiesImplementations(store);
        env.start();
    }

    /** Starts the release; the answer is a stub for its signals. */
    ReleaseWorkflow start(ReleaseInput input) {
        ReleaseWorkflow workflow = env.getWorkflowClient().newWorkflowStub(ReleaseWorkflow.class,
                ReleaseWorkflowOptions.forRelease(RELEASE_ID, input));
        WorkflowClient.start(workflow::run, input);
        stub = WorkflowStub.fromTyped(workflow);
        return env.getWorkflowClient().newWorkflowStub(ReleaseWorkflow.class, TaskQueues.releaseWorkflowId(RELEASE_ID));
    }

    ReleaseProgress result() {
        try {
            return stub.getResult(30, TimeUnit.SECONDS, ReleaseProgress.class);
        } catch (TimeoutException e) {
            throw new AssertionError("the release did not end; states so far: " + store.states, e);
        }
    }

    @Override
    public void close() {
        env.close();
    }
}
