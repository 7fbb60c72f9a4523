package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.RolloutWorkflows.Signal;
import dev.vmssrollout.api.temporal.WorkflowGoneException;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.workflows.OperatorCommand;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Operators who act at the same moment, over real HTTP: the database and the workflow decide, and whatever the
 * interleaving the rollout's record stays single and gapless.
 */
class ConcurrentOperatorsTest extends ReliabilitySupport {

    private static final int ROUNDS = 3;

    @Autowired
    RolloutWorkflows temporal;

    private static final List<String> MOMENTS = List.of("wave in flight", "waiting for approval", "pause between waves");

    @Test
    void twoApprovalsOfTheSameWaveAtOnceRecordExactlyOne() throws Exception {
        List<Integer> statuses = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            String name = "rel-approve-" + round;
            ScaleSetKey key = LocalStack.get().scaleSet(name, 8, 50, 30);
            // FIRST_WAVE gates the canary wave and the one after it: two races per rollout.
            String id = created(api.post("alice", "/api/v1/rollouts", body(name, ", \"approval\": {\"mode\": \"FIRST_WAVE\"}")));
            for (int wave = 0; wave < 2; wave++) {
                int waiting = wave;
                awaitRollout(id, json -> Integer.valueOf(waiting).equals(read(json, "$.waitingForApprovalWave")));

                List<HttpResponse<String>> answers = ApiClient.atOnce(
                        () -> api.post("bob", "/api/v1/rollouts/" + id + "/approve", "{\"comment\": \"first\"}"),
                        () -> api.post("bob", "/api/v1/rollouts/" + id + "/approve", "{\"comment\": \"second\"}"));

                assertThat(answers).extracting(HttpResponse::statusCode).allSatisfy(s -> assertThat(s).isIn(202, 409))
                        .contains(202);
                answers.forEach(a -> statuses.add(a.statusCode()));
            }
            awaitState(id, "SUCCEEDED");
            RolloutDetails done = store.find(id).orElseThrow();
            assertThat(done.events()).filteredOn(e -> e.type() == EventType.APPROVED)
                    .extracting(EventRecord::wave).containsExactly(0, 1);
            assertThat(done.approvals()).hasSize(2);
            ApiInvariants.of(store, id, key).assertHold();
        }
        System.out.println("[reliability] concurrent approvals: " + (ROUNDS * 2) + " races of two approvals of one wave, "
                + "answers " + statuses + ", exactly 1 APPROVED event per wave, invariant violations 0");
    }

    @Test
    void pauseAndCancelSentTogetherEndCancelledWhateverTheOrder() throws Exception {
        // Three moments: a wave in flight, a wave waiting for approval, the pause between two waves (a long one: any
        // operator request ends it at once). Each is raced twice, with the pause and then the cancel listed first.
        List<String> extras = List.of("", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}",
                ", \"strategy\": {\"mode\": \"UPDATE_DOMAIN\", \"pauseBetweenWaves\": \"PT1M\"}");
        List<String> outcomes = new ArrayList<>();
        for (int race = 0; race < 2 * extras.size(); race++) {
            int moment = race / 2;
            boolean pauseFirst = race % 2 == 0;
            String name = "rel-race-" + race;
            ScaleSetKey key = LocalStack.get().scaleSet(name, 10, 1000, 100);
            String id = created(api.post("alice", "/api/v1/rollouts", body(name, extras.get(moment))));
            switch (moment) {
                case 0 -> awaitRollout(id, json -> inFlight(json, 0));
                case 1 -> awaitState(id, "WAITING_FOR_APPROVAL");
                default -> awaitRollout(id, json -> "SUCCEEDED".equals(waveState(json, 0))
                        && "PENDING".equals(waveState(json, 1)));
            }

            Callable<HttpResponse<String>> pause =
                    () -> api.post("bob", "/api/v1/rollouts/" + id + "/pause", "{\"reason\": \"look first\"}");
            Callable<HttpResponse<String>> cancel =
                    () -> api.post("alice", "/api/v1/rollouts/" + id + "/cancel", "{\"reason\": \"wrong image\"}");
            List<HttpResponse<String>> answers = pauseFirst ? ApiClient.atOnce(pause, cancel) : ApiClient.atOnce(cancel, pause);
            HttpResponse<String> pauseAnswer = answers.get(pauseFirst ? 0 : 1);
            HttpResponse<String> cancelAnswer = answers.get(pauseFirst ? 1 : 0);

            assertThat(pauseAnswer.statusCode()).as(pauseAnswer.body()).isIn(202, 409);
            // Only the cancel ends this rollout, so the rollout it reaches is still running.
            assertThat(cancelAnswer.statusCode()).as(cancelAnswer.body()).isEqualTo(202);
            awaitState(id, "CANCELLED");
            RolloutDetails cancelled = store.find(id).orElseThrow();
            List<EventType> types = cancelled.events().stream().map(EventRecord::type).toList();
            assertThat(types).contains(EventType.CANCEL_REQUESTED).last().isEqualTo(EventType.CANCELLED);
            assertThat(types.stream().filter(t -> t == EventType.CANCELLED)).hasSize(1);
            // A pause the workflow took comes before the cancel: once a cancel is requested, pauses are refused.
            List<EventType> afterCancel = types.subList(types.indexOf(EventType.CANCEL_REQUESTED), types.size());
            assertThat(afterCancel).doesNotContain(EventType.PAUSE_REQUESTED, EventType.PAUSED);
            assertThat(cancelled.state()).isEqualTo(RolloutState.CANCELLED);
            ApiInvariants.of(store, id, key).assertHold();
            String outcome = types.contains(EventType.PAUSED) ? "paused, then cancelled"
                    : types.contains(EventType.PAUSE_REQUESTED) ? "pause requested, then cancelled"
                    : "cancel took effect first, pause left no event";
            outcomes.add(outcome);
            System.out.println("[reliability] pause+cancel race " + (race + 1) + " (" + MOMENTS.get(moment) + ", "
                    + (pauseFirst ? "pause" : "cancel") + " listed first): answers pause " + pauseAnswer.statusCode()
                    + ", cancel " + cancelAnswer.statusCode() + ", " + outcome + ", events " + types
                    + ", invariant violations 0");
        }
        System.out.println("[reliability] pause+cancel races: " + outcomes.size() + ", all CANCELLED with one terminal "
                + "event; " + outcomes.stream().collect(Collectors.groupingBy(o -> o, TreeMap::new, Collectors.counting())));
    }

    @Test
    void aSignalThatComesAfterTheCancelClosedTheWorkflowFindsItGone() {
        // The race's other window: the pause read the rollout before the cancel ended it, and signals after its
        // workflow closed. Temporal's side, for real: the workflow is gone (RolloutActionsTest: the API answers 409).
        String name = "rel-race-closed";
        LocalStack.get().scaleSet(name, 4, 30, 20);
        String id = created(api.post("alice", "/api/v1/rollouts", body(name, ", \"approval\": {\"mode\": \"FIRST_WAVE\"}")));
        awaitState(id, "WAITING_FOR_APPROVAL");
        assertThat(api.post("alice", "/api/v1/rollouts/" + id + "/cancel", null).statusCode()).isEqualTo(202);
        awaitState(id, "CANCELLED");
        // The terminal event is stored before the workflow closes.
        await().atMost(ROLLOUT_DEADLINE).until(() -> temporal.status(id) == WorkflowStatus.COMPLETED);

        assertThatThrownBy(() -> temporal.signal(id, Signal.PAUSE, new OperatorCommand("bob", "look first")))
                .isInstanceOf(WorkflowGoneException.class);
    }

    @Test
    void twoSubmissionsForOneScaleSetAtOnceCreateExactlyOneRollout() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String name = "rel-submit-" + round;
            ScaleSetKey key = LocalStack.get().scaleSet(name, 4, 30, 20);

            List<HttpResponse<String>> answers = ApiClient.atOnce(
                    () -> api.post("alice", "/api/v1/rollouts", body(name, "")),
                    () -> api.post("bob", "/api/v1/rollouts", body(name, "")));

            assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 409);
            HttpResponse<String> winner = answers.stream().filter(a -> a.statusCode() == 201).findFirst().orElseThrow();
            HttpResponse<String> loser = answers.stream().filter(a -> a.statusCode() == 409).findFirst().orElseThrow();
            String id = read(winner.body(), "$.id");
            assertThat((String) read(loser.body(), "$.activeRolloutId")).isEqualTo(id);
            assertThat(rowsFor(name)).isEqualTo(1);
            awaitState(id, "SUCCEEDED");
            ApiInvariants.of(store, id, key).assertHold();
        }
        // The same submission sent twice at once with one Idempotency-Key: one rollout, both told about it.
        String name = "rel-submit-idem";
        ScaleSetKey key = LocalStack.get().scaleSet(name, 4, 30, 20);
        List<HttpResponse<String>> answers = ApiClient.atOnce(
                () -> api.post("alice", "/api/v1/rollouts", body(name, ""), "same-key"),
                () -> api.post("alice", "/api/v1/rollouts", body(name, ""), "same-key"));
        assertThat(answers).extracting(HttpResponse::statusCode).containsExactlyInAnyOrder(201, 200);
        assertThat(answers).extracting(a -> (String) read(a.body(), "$.id")).containsOnly((String) read(answers.get(0).body(), "$.id"));
        assertThat(rowsFor(name)).isEqualTo(1);
        awaitState(read(answers.get(0).body(), "$.id"), "SUCCEEDED");
        ApiInvariants.of(store, read(answers.get(0).body(), "$.id"), key).assertHold();
        System.out.println("[reliability] concurrent submissions: " + ROUNDS + " races of two submitters -> one 201 and "
                + "one 409 each, 1 idempotent race -> 201 + 200 for one rollout; one row per scale set");
    }

    private long rowsFor(String scaleSet) {
        return jdbc.queryForObject("SELECT count(*) FROM rollouts WHERE scale_set = ?", Long.class, scaleSet);
    }
}
