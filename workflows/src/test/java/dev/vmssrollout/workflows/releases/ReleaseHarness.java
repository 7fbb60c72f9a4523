package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.testing.ReleaseAsTheApi;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The release workflow in Temporal's time-skipping test environment, with {@link ScriptedRollout} for its children and
 * {@link RecordedReleaseStore}, {@link RecordedReleaseNotifications} and {@link ScriptedScaleSetHealth}, {@link ScriptedBakeAnalysis} and
 * {@link RecordedWindowChecks} for its activities, and {@link RecordedApiRequests} as the request rows the API writes. One release, {@code rel-1}, per harness.
 */
final class ReleaseHarness implements AutoCloseable {

    static final String RELEASE_ID = "rel-1";

    final TestWorkflowEnvironment env;
    final RecordedReleaseStore store = new RecordedReleaseStore();
    final RecordedReleaseNotifications notifications = new RecordedReleaseNotifications();
    final ScriptedScaleSetHealth azure = new ScriptedScaleSetHealth();
    final ScriptedBakeAnalysis analysis = new ScriptedBakeAnalysis();
    final RecordedWindowChecks windows = new RecordedWindowChecks();
    final RecordedApiRequests apiRequests = new RecordedApiRequests();
    private WorkflowStub stub;

    ReleaseHarness() {
        ScriptedRollout.reset();
        env = TestWorkflowEnvironment.newInstance();
        Worker rollouts = env.newWorker(TaskQueues.ROLLOUTS);
        rollouts.registerWorkflowImplementationTypes(ScriptedRollout.class);
        rollouts.registerActivitiesImplementations(notifications, azure, analysis, windows, apiRequests);
        Worker releases = env.newWorker(TaskQueues.RELEASES);
        releases.registerWorkflowImplementationTypes(ReleaseWorkflowImpl.class);
        releases.registerActivitiesImplementations(store);
        env.start();
    }

    /** Starts the release; the answer sends its signals as the API does (a request row first). */
    ReleaseWorkflow start(ReleaseInput input) {
        ReleaseWorkflow workflow = env.getWorkflowClient().newWorkflowStub(ReleaseWorkflow.class,
                ReleaseWorkflowOptions.forRelease(RELEASE_ID, input));
        WorkflowClient.start(workflow::run, input);
        stub = WorkflowStub.fromTyped(workflow);
        return ReleaseAsTheApi.workflow(apiRequests::record, env.getWorkflowClient(), RELEASE_ID);
    }

    /** The release's signals as a raw Temporal client sends them: with no request row. */
    ReleaseWorkflow direct() {
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
