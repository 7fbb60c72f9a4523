package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.progress.ResumePoint;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowServiceException;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.awaitility.Awaitility.await;

/**
 * One rollout against a {@link FakeScaleSet} in Temporal's time-skipping test environment.
 * Create one per test and close it afterwards.
 */
final class RolloutHarness implements AutoCloseable {

    static final String SUBMITTER = "alice";
    static final String ROLLOUT_ID = "r-1";

    final RecordedProgress progress = new RecordedProgress();
    final RecordedGuard guard = new RecordedGuard();
    final ScriptedAnalysis analysis = new ScriptedAnalysis();
    final RecordedNotifications notifications;
    final FakeCalendars calendars = new FakeCalendars();
    private Instant initialTime;
    private final Class<?> workflowImplementation;
    private TestWorkflowEnvironment env;
    private WorkflowClient client;
    private WorkflowStub stub;
    private RolloutWorkflow workflow;

    RolloutHarness() {
        this(RolloutWorkflowImpl.class);
    }

    RolloutHarness(Class<?> workflowImplementation) {
        this(workflowImplementation, new RecordedNotifications());
    }

    RolloutHarness(Class<?> workflowImplementation, RecordedNotifications notifications) {
        this.workflowImplementation = workflowImplementation;
        this.notifications = notifications;
    }

    /** The test server's clock starts at {@code time} instead of now. */
    RolloutHarness startingAt(Instant time) {
        this.initialTime = time;
        return this;
    }

    RolloutWorkflow start(FakeScaleSet scaleSet, RolloutPlan plan) {
        return start(scaleSet, new RolloutInput(ROLLOUT_ID, plan, SUBMITTER, true, false, null));
    }

    RolloutWorkflow start(FakeScaleSet scaleSet, RolloutPlan plan, ResumePoint resume) {
        return start(scaleSet, new RolloutInput(ROLLOUT_ID, plan, SUBMITTER, true, false, resume));
    }

    RolloutWorkflow start(FakeScaleSet scaleSet, RolloutInput input) {
        env = initialTime == null ? TestWorkflowEnvironment.newInstance()
                : TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(initialTime).build());
        if (input.searchAttributes()) {
            RolloutSearchAttributes.definitions().forEach(env::registerSearchAttribute);
        }
        Worker worker = env.newWorker(TaskQueues.ROLLOUTS);
        worker.registerWorkflowImplementationTypes(workflowImplementation);
        worker.registerActivitiesImplementations(scaleSet, progress, notifications, calendars, guard, analysis);
        env.start();
        client = env.getWorkflowClient();
        RolloutWorkflow workflow = client.newWorkflowStub(RolloutWorkflow.class,
                RolloutWorkflowOptions.forRollout(input.rolloutId(), input.plan(), input.searchAttributes()));
        WorkflowClient.start(workflow::run, input);
        stub = WorkflowStub.fromTyped(workflow);
        this.workflow = client.newWorkflowStub(RolloutWorkflow.class, TaskQueues.workflowId(input.rolloutId()));
        return this.workflow;
    }

    /** The running rollout, for signals, updates and queries (also from a fake's hooks). */
    RolloutWorkflow workflow() {
        return workflow;
    }

    /** Waits for the rollout to end, letting the test server skip timers. */
    RolloutProgress result() {
        try {
            return stub.getResult(30, TimeUnit.SECONDS, RolloutProgress.class);
        } catch (TimeoutException e) {
            throw new AssertionError("the rollout did not end; events so far: " + progress.types(), e);
        }
    }

    /**
     * Waits until the rollout has no activity in flight, e.g. before cancelling it through Temporal: when a cancel
     * crosses an activity's completion, the Java test server refuses the workflow task (ACTIVITY_UNKNOWN) and the
     * rollout never moves again, a fault of the test server only (the real one cancels a finished activity as a no-op).
     */
    void awaitNoActivityInFlight() {
        DescribeWorkflowExecutionRequest describe = DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(env.getNamespace()).setExecution(stub.getExecution()).build();
        await().atMost(Duration.ofSeconds(30)).until(() -> env.getWorkflowServiceStubs().blockingStub()
                .describeWorkflowExecution(describe).getPendingActivitiesCount() == 0);
    }

    /** A test that ends while the rollout waits leaves it running; stopping it first keeps the shutdown quiet. */
    private void terminateIfRunning() {
        try {
            stub.terminate("test finished");
        } catch (WorkflowNotFoundException | WorkflowServiceException alreadyClosed) {
            // ended on its own
        }
    }

    TestWorkflowEnvironment env() {
        return env;
    }

    WorkflowClient client() {
        return client;
    }

    WorkflowStub stub() {
        return stub;
    }

    @Override
    public void close() {
        if (env != null) {
            terminateIfRunning();
            env.close();
        }
    }
}
