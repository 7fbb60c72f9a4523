package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.api.reconciler.Reconciler;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The worker dies and Temporal loses every workflow, three times, while three rollouts are at three different
 * places: a wave in flight, a wave waiting for approval, paused by an operator. Each time the reconciler restarts
 * them from PostgreSQL; each ends where it would have, with every invariant intact and the waits it was in (and
 * their reasons) restored, and the reconciler never starts one twice. Soak: the default suite gets the same
 * promises from the local module's {@code WholeStackKillIT}, which SIGKILLs the whole stack, PostgreSQL included.
 */
@Tag("soak")
class StackRestartTest extends ReliabilitySupport {

    @Autowired
    Reconciler reconciler;

    @Test
    void rolloutsResumeFromTheDatabaseAfterThreeLossesOfTemporalAndTheWorker() throws Exception {
        ScaleSetKey waves = LocalStack.get().scaleSet("rel-restart-waves", 20, 1_000, 500);
        ScaleSetKey approval = LocalStack.get().scaleSet("rel-restart-approval", 10, 50, 30);
        ScaleSetKey paused = LocalStack.get().scaleSet("rel-restart-paused", 10, 50, 30);
        Instant start = Instant.now();
        String b = created(api.post("alice", "/api/v1/rollouts",
                body("rel-restart-approval", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}")));
        String c = created(api.post("alice", "/api/v1/rollouts",
                body("rel-restart-paused", ", \"approval\": {\"mode\": \"EVERY_WAVE\"}")));
        // a waits for an approval before each wave, so the test decides where each loss hits it.
        String a = created(api.post("alice", "/api/v1/rollouts",
                body("rel-restart-waves", ", \"approval\": {\"mode\": \"EVERY_WAVE\"}")));
        awaitState(b, "WAITING_FOR_APPROVAL");
        awaitState(c, "WAITING_FOR_APPROVAL");
        assertThat(api.post("bob", "/api/v1/rollouts/" + c + "/pause", "{\"reason\": \"hold for the restart\"}").statusCode())
                .isEqualTo(202);
        awaitState(c, "PAUSED");
        approve(a, 0);
        awaitRollout(a, json -> "SUCCEEDED".equals(waveState(json, 0)));
        approve(a, 1);

        // 1: a's second wave in flight (manualupgrade sent or about to be), b waiting for approval, c paused.
        awaitRollout(a, json -> inFlight(json, 1));
        restart(List.of(a, b, c));
        RolloutDetails waiting = awaitBackIn(b, EventType.WAITING_FOR_APPROVAL);
        assertThat(waiting.stateReason()).as("b waits for its approval again, and says so").contains("waiting for approval");
        assertThat(awaitBackIn(c, EventType.PAUSED).stateReason()).contains("paused");

        // 2: a's third wave in its health wait.
        approve(a, 2);
        awaitRollout(a, json -> "VERIFYING".equals(waveState(json, 2)));
        restart(List.of(a, b, c));

        // 3: a between two waves, waiting for the approval of its fourth.
        awaitRollout(a, json -> Integer.valueOf(3).equals(read(json, "$.waitingForApprovalWave")));
        restart(List.of(a, b, c));
        awaitBackIn(a, EventType.WAITING_FOR_APPROVAL);
        awaitBackIn(c, EventType.PAUSED);
        assertThat(api.post("bob", "/api/v1/rollouts/" + c + "/resume", null).statusCode()).isEqualTo(202);

        for (String id : List.of(a, b, c)) {
            approveEveryWaveOf(id);
        }
        for (var rollout : List.of(List.of(a, waves), List.of(b, approval), List.of(c, paused))) {
            ApiInvariants.of(store, (String) rollout.get(0), (ScaleSetKey) rollout.get(1)).assertHold();
        }
        long recoveredA = store.find(a).orElseThrow().events().stream().filter(e -> e.type() == EventType.RECOVERED).count();
        assertThat(recoveredA).isEqualTo(3);
        System.out.println("[reliability] stack restarts: 3 losses of Temporal + worker (a wave in flight, a health "
                + "wait, between waves), each rollout recovered " + recoveredA + " times into the wave or wait it was "
                + "in (approval, operator pause); 3 rollouts SUCCEEDED in "
                + Duration.between(start, Instant.now()).toSeconds() + " s, invariant violations 0");
    }

    private void approve(String id, int wave) {
        awaitRollout(id, json -> Integer.valueOf(wave).equals(read(json, "$.waitingForApprovalWave")));
        assertThat(api.post("bob", "/api/v1/rollouts/" + id + "/approve", null).statusCode()).isEqualTo(202);
    }

    private void restart(List<String> mustRestart) {
        LocalStack.get().restartAllButTheDatabase();
        List<String> started = reconciler.reconcile().started();
        assertThat(started).as("the reconciler restarts every rollout Temporal lost").containsAll(mustRestart);
        assertThat(reconciler.reconcile().started()).as("and never one twice").isEmpty();
    }

    /** Waits until the recovered workflow has put the rollout back into the wait it was in: RECOVERED, then {@code wait}. */
    private RolloutDetails awaitBackIn(String id, EventType wait) {
        awaitRollout(id, json -> {
            List<String> types = read(json, "$.events[*].type");
            int recovered = types.lastIndexOf(EventType.RECOVERED.name());
            return recovered >= 0 && types.subList(recovered, types.size()).contains(wait.name());
        });
        return store.find(id).orElseThrow();
    }

    private void approveEveryWaveOf(String id) {
        awaitRollout(id, json -> {
            if ("WAITING_FOR_APPROVAL".equals(read(json, "$.state"))) {
                api.post("bob", "/api/v1/rollouts/" + id + "/approve", null);
            }
            return "SUCCEEDED".equals(read(json, "$.state"));
        });
    }
}
