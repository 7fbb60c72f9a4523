package dev.vmssrollout.workflows;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static dev.vmssrollout.workflows.FakeScaleSet.NEW;
import static dev.vmssrollout.workflows.FakeScaleSet.OLD;
import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;

/** Issue 12, scenarios 6 and 7: what a rollback restores, and that it is robust and recorded truly. */
class RollbackRobustnessTest {

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    @Test
    void scenario7RollbackSkipsInstancesThatNeverLeftThePreviousImageAndRecordsWhatAzureHolds() {
        // Instance 7 (update domain 2, the third wave) fails every upgrade: it never leaves OLD.
        FakeScaleSet scaleSet = aScaleSet().failingEveryUpgradeOf("7");
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).as(String.valueOf(harness.progress.types())).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(OLD));
        assertThat(scaleSet.upgradeCalls().subList(3, scaleSet.upgradeCalls().size()))
                .as("the rollback never sends instance 7 again").noneMatch(call -> call.instanceIds().contains("7"));
        assertThat(harness.progress.ofType(EventType.ROLLBACK_WAVE_COMPLETED)).extracting(ProgressEvent::wave)
                .containsExactly(2, 1, 0);
        assertRecordMatchesScaleSet(result, scaleSet, OLD);
    }

    @Test
    void scenario7AFailedRollbackGoesOnThroughEarlierWavesAndCanBeRetried() {
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        // The rollback of wave 2 (update domain 1) fails once, as Azure may.
        AtomicBoolean armed = new AtomicBoolean(true);
        scaleSet.beforeEachUpgrade(ids -> {
            if (OLD.equals(scaleSet.model()) && ids.contains("6") && armed.getAndSet(false)) {
                scaleSet.failingUpgradeOf("6", 1);
            }
        });
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        ProgressEvent paused = harness.progress.awaitEvent(EventType.PAUSED);
        RolloutProgress halfway = rollout.progress();
        assertThat(halfway.state()).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.message()).contains("rollback of wave 2/5").contains("roll back again");
        assertThat(harness.progress.ofType(EventType.ROLLBACK_WAVE_COMPLETED)).extracting(ProgressEvent::wave)
                .as("the rollback went on to wave 1 after wave 2 failed").containsExactly(2, 0);
        assertThat(scaleSet.instancesInUpdateDomain(0)).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).isEqualTo(OLD));
        assertRecordMatchesScaleSet(halfway, scaleSet, OLD);

        rollout.rollback(new OperatorCommand("erin", "try again"));
        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(OLD));
        assertRecordMatchesScaleSet(result, scaleSet, OLD);
    }

    /**
     * Soak seed 20261204374: someone else put a third image into the model while the rollback ran, and the rollout
     * still reported ROLLED_BACK. The model is read again before the rollback is reported done.
     */
    @Test
    void scenario7RollbackRereadsTheModelBeforeReportingRolledBack() {
        Image someoneElses = Image.platform(OLD.publisher(), OLD.offer(), OLD.sku(), "24.04.202411010");
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        AtomicBoolean once = new AtomicBoolean(true);
        // While the rollback sends the last wave it returns (update domain 0), the model is changed outside it.
        scaleSet.beforeEachUpgrade(ids -> {
            if (OLD.equals(scaleSet.model()) && ids.contains("0") && once.getAndSet(false)) {
                scaleSet.changeModelOutside(someoneElses);
            }
        });
        RolloutWorkflow rollout = harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        ProgressEvent paused = harness.progress.awaitEvent(EventType.PAUSED);

        assertThat(rollout.progress().state()).as(String.valueOf(harness.progress.types())).isEqualTo(RolloutState.PAUSED);
        assertThat(paused.message()).contains("rollback incomplete").contains(someoneElses.toString());
        assertThat(harness.progress.types()).doesNotContain(EventType.ROLLED_BACK);
        assertRecordMatchesScaleSet(rollout.progress(), scaleSet, OLD);
    }

    @Test
    void scenario6RollbackPinsTheVersionTheInstancesRanNotLatest() {
        Image floating = Image.platform(OLD.publisher(), OLD.offer(), OLD.sku(), Image.LATEST);
        // The model says "latest"; the instances were built when that was OLD; "latest" is now the new, bad image.
        FakeScaleSet scaleSet = aScaleSet().withModel(floating).withLatestVersion(NEW.version()).unhealthyOn(NEW, "7");
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(scaleSet.model()).isEqualTo(OLD);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(OLD));
        assertThat(harness.progress.last().message()).endsWith("returned to " + OLD);
    }

    /**
     * Soak seed 20261204132: someone else put a third image into the model just before the rollout first read it.
     * That image became the rollout's previous image, so the record said the waiting instances ran it and a
     * rollback would have put it back, though no instance ever ran it. The instances' own image is the baseline.
     */
    @Test
    void scenario4AModelChangedBeforeTheFirstReadIsNotThePreviousImage() {
        Image someoneElses = Image.platform(OLD.publisher(), OLD.offer(), OLD.sku(), "24.04.202411010");
        FakeScaleSet scaleSet = aScaleSet().withModel(someoneElses).unhealthyOn(NEW, "7");
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).as(String.valueOf(harness.progress.types())).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(result.previousImage()).isEqualTo(OLD);
        assertThat(scaleSet.model()).isEqualTo(OLD);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(OLD));
        assertThat(harness.progress.ofType(EventType.WAVES_PLANNED).get(0).message())
                .contains("a rollback would restore " + OLD).contains("not " + someoneElses);
        assertRecordMatchesScaleSet(result, scaleSet, OLD);
    }

    /**
     * Generator (scale-out kind): instances a scale-out added while the model held the new image came up on it, and
     * the rollback left them there while it reported ROLLED_BACK. They are sent back with the waves.
     */
    @Test
    void scenario7RollbackAlsoReturnsInstancesAScaleOutAddedOnTheNewImage() {
        FakeScaleSet scaleSet = aScaleSet().unhealthyOn(NEW, "7");
        AtomicBoolean once = new AtomicBoolean(true);
        AtomicReference<List<String>> added = new AtomicReference<>();
        // While wave 2 is sent (the model holds NEW), autoscale adds two instances: they come up on NEW.
        scaleSet.beforeEachUpgrade(ids -> {
            if (NEW.equals(scaleSet.model()) && ids.contains("1") && once.getAndSet(false)) {
                added.set(scaleSet.scaleOut(2));
            }
        });
        harness.start(scaleSet, aPlan().onFailure(FailurePolicy.ROLLBACK).build());

        RolloutProgress result = harness.result();

        assertThat(result.state()).as(String.valueOf(harness.progress.types())).isEqualTo(RolloutState.ROLLED_BACK);
        assertThat(added.get()).hasSize(2);
        assertThat(scaleSet.instanceIds()).allSatisfy(id -> assertThat(scaleSet.imageOf(id)).as(id).isEqualTo(OLD));
        assertThat(harness.progress.last().message()).contains("returned to " + OLD);
        assertRecordMatchesScaleSet(result, scaleSet, OLD);
    }

    /** Every instance the record says is rolled back, healthy or skipped runs what that state says it runs. */
    static void assertRecordMatchesScaleSet(RolloutProgress progress, FakeScaleSet scaleSet, Image previous) {
        progress.waves().forEach(wave -> wave.instances().forEach((id, state) -> {
            Image runs = scaleSet.imageOf(id);
            switch (state) {
                case ROLLED_BACK, PENDING -> assertThat(runs).as("instance %s recorded %s", id, state).isEqualTo(previous);
                case HEALTHY -> assertThat(runs).as("instance %s recorded %s", id, state).isNotEqualTo(previous);
                default -> { }
            }
        }));
        progress.waves().stream().filter(w -> w.state() == WaveState.ROLLED_BACK).forEach(wave ->
                assertThat(wave.instances().values()).as("wave %d", wave.index())
                        .allMatch(s -> s == InstanceState.ROLLED_BACK));
    }
}
