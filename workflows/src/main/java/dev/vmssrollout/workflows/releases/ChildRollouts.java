package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.RolloutProgress;
import dev.vmssrollout.workflows.RolloutSearchAttributes;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.TaskQueues;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.CompletablePromise;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Starts the rollouts of a release's scale sets as child workflows: the existing rollout workflow, unchanged. */
final class ChildRollouts {

    /** How a child rollout ended, as the release judges it: only SUCCEEDED lets the line go on. */
    record Outcome(String rolloutId, RolloutState state, String reason, boolean nothingToRestore) {

        boolean succeeded() {
            return state == RolloutState.SUCCEEDED;
        }
    }

    /** A rollout the release asked for: its ID (its row exists already) and how it will end. */
    record Started(String rolloutId, Promise<Outcome> outcome) {
    }

    /** How often a recovered release reads the rows of the rollouts it follows. */
    static final Duration FOLLOW_INTERVAL = Duration.ofSeconds(2);

    private final ReleaseInput input;
    private final ReleaseActivities store;
    // Told the ID of every rollout the release starts or follows, once it runs.
    private final Consumer<String> started;
    // Rollouts started before the release's workflow was lost, by ID: one loop reads all their rows.
    private final Map<String, CompletablePromise<Outcome>> followed = new LinkedHashMap<>();
    private boolean following;

    ChildRollouts(ReleaseInput input, ReleaseActivities store, Consumer<String> started) {
        this.input = input;
        this.store = store;
        this.started = started;
    }

    /** Upgrades one scale set; the promise completes when its rollout ended (or could not start). */
    Started upgrade(int stage, int position, RolloutPlan plan) {
        return start(stage, position, plan, List.of());
    }

    /** Puts back the image the first of {@code rolloutIds} found on the scale set. */
    Started restore(int stage, int position, RolloutPlan plan, List<String> rolloutIds) {
        return start(stage, position, plan, rolloutIds);
    }

    /**
     * A rollout the release started before its workflow was lost: it is never started again (its row exists, and the
     * reconciler restarts its own workflow); the promise completes when its row says it ended.
     */
    Started reattach(String rolloutId) {
        CompletablePromise<Outcome> outcome = Workflow.newPromise();
        followed.put(rolloutId, outcome);
        if (!following) {
            following = true;
            Async.procedure(this::follow);
        }
        started.accept(rolloutId);
        return new Started(rolloutId, outcome);
    }

    private void follow() {
        while (!followed.isEmpty()) {
            for (StoredRollout stored : store.rolloutStates(List.copyOf(followed.keySet())).rollouts()) {
                Outcome outcome = stored.state() == null
                        ? new Outcome(stored.rolloutId(), RolloutState.FAILED, "its rollout row is gone", false)
                        : stored.state().isTerminal()
                        ? new Outcome(stored.rolloutId(), stored.state(), stored.reason(), false)
                        : null;
                CompletablePromise<Outcome> waiting = followed.get(stored.rolloutId());
                if (outcome != null && waiting != null) {
                    followed.remove(stored.rolloutId());
                    waiting.complete(outcome);
                }
            }
            if (!followed.isEmpty()) {
                Workflow.sleep(FOLLOW_INTERVAL);
            }
        }
        following = false;
    }

    private Started start(int stage, int position, RolloutPlan plan, List<String> restoreOf) {
        // Deterministic on replay: Temporal records the random seed, so a replayed run asks for the same rollout ID.
        String rolloutId = Workflow.randomUUID().toString();
        RolloutStart.Answer answer = store.startRollout(new RolloutStart(input.releaseId(), stage, position, rolloutId,
                plan, input.submittedBy(), input.fourEyes(), input.searchAttributes(), restoreOf));
        if (answer.storedEarlier() != null) {
            return reattach(answer.storedEarlier());
        }
        if (answer.nothingToRestore()) {
            return new Started(null,
                    Workflow.newPromise(new Outcome(null, null, "the release did not change this scale set", true)));
        }
        if (answer.input() == null) {
            // No row was stored under this ID: the scale set shows no rollout, and the reason says why.
            return new Started(null,
                    Workflow.newPromise(new Outcome(null, RolloutState.FAILED, answer.refusal(), false)));
        }
        ChildWorkflowOptions.Builder options = ChildWorkflowOptions.newBuilder()
                .setWorkflowId(TaskQueues.workflowId(rolloutId))
                .setTaskQueue(TaskQueues.ROLLOUTS)
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE)
                // A rollout in the middle of a wave finishes it even if its release is terminated.
                .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON);
        if (input.searchAttributes()) {
            options.setTypedSearchAttributes(RolloutSearchAttributes.initial(rolloutId, plan.target()));
        }
        RolloutWorkflow child = Workflow.newChildWorkflowStub(RolloutWorkflow.class, options.build());
        Promise<RolloutProgress> result = Async.function(child::run, answer.input());
        started.accept(rolloutId);
        return new Started(rolloutId, result.handle((progress, failure) -> failure == null
                ? new Outcome(rolloutId, progress.state(), progress.reason(), false)
                : new Outcome(rolloutId, RolloutState.FAILED, "its workflow failed: " + rootMessage(failure), false)));
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getMessage();
    }
}
