package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Operators who act at the same moment, over real HTTP: the database and the workflow decide, and whatever the
 * interleaving the rollout's record stays single and gapless.
 */
class ConcurrentOperatorsTest extends ReliabilitySupport {

    private static final int ROUNDS = 3;

    @Test
    void twoApprovalsOfTheSameWaveAtOnceRecordExactlyOne() throws Exception {
        List<Integer> statuses = new java.util.ArrayList<>();
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
