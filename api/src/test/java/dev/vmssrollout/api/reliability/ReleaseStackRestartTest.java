package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.api.reconciler.Reconciler;
import dev.vmssrollout.api.reconciler.ReleaseReconciler;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.simulator.ScaleSetKey;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A release survives losing the worker and every Temporal workflow with a wave in flight (the soak variant: twice,
 * the second time in stage 2, after the first recovery): the reconcilers start the rollouts' workflows and the release's again from PostgreSQL, the
 * recovered release follows the rollouts it had started instead of starting new ones, and no instance is upgraded
 * twice (the simulator's own upgrade counts).
 */
class ReleaseStackRestartTest extends ReliabilitySupport {

    private static final Duration DEADLINE = Duration.ofSeconds(90);

    @Autowired
    Reconciler reconciler;

    @Autowired
    ReleaseReconciler releaseReconciler;

    @Autowired
    ReleaseStore releases;

    @Test
    void aReleaseGoesOnAfterALossOfTemporalAndTheWorkerMidStageWithoutUpgradingAnyInstanceTwice() {
        losesTemporalAndTheWorkerDuring("rel-kill", List.of(
                List.of(scaleSet("rel-kill-1a"), scaleSet("rel-kill-1b")), List.of(scaleSet("rel-kill-2a"))), 0);
    }

    /** Soak: a second loss hits the recovered run itself, in stage 2. */
    @Test
    @Tag("soak")
    void aReleaseGoesOnAfterTwoLossesOfTemporalAndTheWorkerWithoutUpgradingAnyInstanceTwice() {
        losesTemporalAndTheWorkerDuring("rel-kill2", List.of(
                List.of(scaleSet("rel-kill2-1a"), scaleSet("rel-kill2-1b")),
                List.of(scaleSet("rel-kill2-2a"), scaleSet("rel-kill2-2b"))), 0, 1);
    }

    /** Loses Temporal and the worker once in each of {@code lossStages}, while a wave of that stage is in flight. */
    private void losesTemporalAndTheWorkerDuring(String name, List<List<ScaleSetKey>> stages, int... lossStages) {
        Instant start = Instant.now();
        String id = created(api.post("alice", "/api/v1/releases", body(stages)));

        java.util.Map<Integer, List<String>> before = new java.util.HashMap<>();
        for (int stage : lossStages) {
            before.put(stage, awaitStageInFlight(id, stage));
            restart(id);
        }
        ReleaseDetails done = awaitRelease(id, release -> release.state().isTerminal());

        assertThat(done.state()).as(done.stateReason()).isEqualTo(RolloutState.SUCCEEDED);
        before.forEach((stage, rollouts) -> assertThat(rolloutIds(done, stage))
                .as("no second rollout for a scale set of stage %d", stage + 1).isEqualTo(rollouts));
        int instances = 0;
        for (int s = 0; s < stages.size(); s++) {
            for (int p = 0; p < stages.get(s).size(); p++) {
                ScaleSetKey key = stages.get(s).get(p);
                assertThat(LocalStack.get().report(key).upgradeCounts()).as("upgrades of %s", key.name())
                        .hasSize(4).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
                ApiInvariants.of(store, done.stages().get(s).scaleSets().get(p).rolloutId(), key).assertHold();
                instances += 4;
            }
        }
        System.out.println("[reliability] " + name + ": " + lossStages.length + " loss(es) of Temporal + worker with "
                + "a wave in flight; release SUCCEEDED in " + Duration.between(start, Instant.now()).toSeconds()
                + " s, " + instances + " instances each upgraded once, no rollout started twice");
    }

    private static ScaleSetKey scaleSet(String name) {
        return LocalStack.get().scaleSet(name, 4, 400, 200);
    }

    /** Waits until every scale set of the stage has its rollout and one of them has a wave in flight. */
    private List<String> awaitStageInFlight(String id, int stage) {
        ReleaseDetails release = awaitRelease(id, r -> {
            List<String> ids = rolloutIds(r, stage);
            return ids.stream().allMatch(Objects::nonNull) && ids.stream().anyMatch(rolloutId -> {
                try {
                    return inFlight(rollout(rolloutId), 0) || inFlight(rollout(rolloutId), 1);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        });
        return rolloutIds(release, stage);
    }

    private void restart(String releaseId) {
        LocalStack.get().restartAllButTheDatabase();
        List<String> open = releases.find(releaseId).orElseThrow().stages().stream()
                .flatMap(stage -> stage.scaleSets().stream())
                .filter(scaleSet -> scaleSet.rolloutId() != null && scaleSet.rolloutState() != null
                        && !scaleSet.rolloutState().isTerminal())
                .map(ReleaseScaleSetStatus::rolloutId).toList();
        assertThat(reconciler.reconcile().started()).as("the release's open rollouts start again").containsAll(open);
        assertThat(releaseReconciler.reconcile()).as("the release starts again").containsExactly(releaseId);
        assertThat(reconciler.reconcile().started()).as("and no rollout twice").isEmpty();
        assertThat(releaseReconciler.reconcile()).as("nor the release").isEmpty();
    }

    private ReleaseDetails awaitRelease(String id, Predicate<ReleaseDetails> until) {
        return await().atMost(DEADLINE).pollInterval(Duration.ofMillis(100))
                .until(() -> releases.find(id).orElseThrow(), until);
    }

    private static List<String> rolloutIds(ReleaseDetails release, int stage) {
        return release.stages().get(stage).scaleSets().stream().map(ReleaseScaleSetStatus::rolloutId).toList();
    }

    private static String body(List<List<ScaleSetKey>> stages) {
        StringBuilder json = new StringBuilder("""
                {"image": {"version": "24.04.202410010"}, "strategy": {"mode": "BATCH", "batchSize": 2},
                 "health": {"timeout": "PT30S", "minReady": "PT0S"}, "stages": [""");
        for (int s = 0; s < stages.size(); s++) {
            json.append(s == 0 ? "" : ", ").append("{\"name\": \"stage-").append(s + 1)
                    .append("\", \"maxConcurrent\": 2, \"bakeTime\": \"PT1S\", \"scaleSets\": [");
            for (int p = 0; p < stages.get(s).size(); p++) {
                ScaleSetKey key = stages.get(s).get(p);
                json.append(p == 0 ? "" : ", ").append("""
                        {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s", "region": "westeurope"}"""
                        .formatted(key.subscriptionId(), key.resourceGroup(), key.name()));
            }
            json.append("]}");
        }
        return json.append("]}").toString();
    }
}
