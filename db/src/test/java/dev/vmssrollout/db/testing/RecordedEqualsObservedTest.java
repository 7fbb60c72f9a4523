package dev.vmssrollout.db.testing;

import dev.vmssrollout.db.testing.RolloutInvariants.Census;
import dev.vmssrollout.db.testing.RolloutInvariants.ScaleSetFacts;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.WaveState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent.Baseline;
import dev.vmssrollout.model.store.EventRecord;
import dev.vmssrollout.model.store.InstanceStatus;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.WaveDetails;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Invariant 5 on hand-made records and censuses: it accepts what is true or unknown, never a false success. */
class RecordedEqualsObservedTest {

    private static final Image PREVIOUS = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    private static final Image TARGET = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010");
    private static final Image OTHER = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202411010");

    @Test
    void aSucceededRolloutWhoseInstancesAllRunTheTargetHealthyHolds() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY,
                "1", InstanceState.HEALTHY));

        assertThat(recordedEqualsObserved(rollout, TARGET, healthy("0", TARGET), healthy("1", TARGET))).isEmpty();
    }

    @Test
    void anInstanceRecordedHealthyOnTheTargetThatRunsThePreviousImageIsAFalseSuccess() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY,
                "1", InstanceState.HEALTHY));

        assertThat(recordedEqualsObserved(rollout, TARGET, healthy("0", TARGET), healthy("1", PREVIOUS)))
                .anySatisfy(v -> assertThat(v).contains("1=recorded HEALTHY", "but it runs " + PREVIOUS))
                .anySatisfy(v -> assertThat(v).contains("rollout SUCCEEDED with instances not on", "1=" + PREVIOUS));
    }

    @Test
    void anInstanceRecordedHealthyThatAzureReportsUnhealthyIsCaught() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY));

        assertThat(recordedEqualsObserved(rollout, TARGET, instance("0", TARGET, Instance.Health.UNHEALTHY)))
                .singleElement().asString().contains("0=recorded HEALTHY but Azure reports health UNHEALTHY");
    }

    @Test
    void aSucceededRolloutWithTheModelOnAnotherImageIsCaught() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY));

        assertThat(recordedEqualsObserved(rollout, OTHER, healthy("0", TARGET)))
                .singleElement().asString().contains("SUCCEEDED but the model holds " + OTHER);
    }

    @Test
    void aFailedInstanceIsUnknownSoEitherImageIsAcceptedEvenInAnAcceptedSuccess() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY,
                "1", InstanceState.FAILED));

        assertThat(recordedEqualsObserved(rollout, TARGET, healthy("0", TARGET), healthy("1", PREVIOUS))).isEmpty();
    }

    @Test
    void aScaleOutInstanceOnAnotherImageForbidsSucceeded() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY));

        assertThat(recordedEqualsObserved(rollout, TARGET, healthy("0", TARGET), healthy("7", OTHER)))
                .singleElement().asString().contains("7=" + OTHER + " (not in the record)");
    }

    @Test
    void aRolledBackRolloutWithAnInstanceStillOnTheNewImageIsCaught() {
        RolloutDetails rollout = rollout(RolloutState.ROLLED_BACK, List.of(EventType.ROLLBACK_WAVE_STARTED),
                Map.of("0", InstanceState.ROLLED_BACK, "1", InstanceState.ROLLED_BACK));

        assertThat(recordedEqualsObserved(rollout, PREVIOUS, healthy("0", PREVIOUS), healthy("1", TARGET)))
                .anySatisfy(v -> assertThat(v).contains("1=recorded ROLLED_BACK (so on " + PREVIOUS + ")"))
                .anySatisfy(v -> assertThat(v).contains("ROLLED_BACK with instances on the new image", "1=" + TARGET));
    }

    @Test
    void anUnhealthyInstanceOfARolledBackWaveIsOnThePreviousImage() {
        RolloutDetails rollout = rollout(RolloutState.PAUSED, List.of(EventType.ROLLBACK_WAVE_STARTED),
                Map.of("0", InstanceState.UNHEALTHY));

        assertThat(recordedEqualsObserved(rollout, PREVIOUS, instance("0", PREVIOUS, Instance.Health.UNHEALTHY))).isEmpty();
        assertThat(recordedEqualsObserved(rollout, PREVIOUS, instance("0", TARGET, Instance.Health.UNHEALTHY)))
                .singleElement().asString().contains("0=recorded UNHEALTHY (so on " + PREVIOUS + ")");
    }

    @Test
    void pendingInstancesRunThePreviousImageAndDeletedOnesAreGone() {
        RolloutDetails rollout = rollout(RolloutState.PAUSED, List.of(), Map.of("0", InstanceState.PENDING,
                "1", InstanceState.DELETED, "2", InstanceState.PENDING));

        assertThat(recordedEqualsObserved(rollout, TARGET, healthy("0", PREVIOUS), healthy("1", PREVIOUS)))
                .singleElement().asString()
                .contains("1=recorded DELETED but Azure still has it", "2=recorded PENDING but Azure has no such instance");
    }

    @Test
    void withoutACensusTheInvariantIsNotChecked() {
        RolloutDetails rollout = rollout(RolloutState.SUCCEEDED, List.of(), Map.of("0", InstanceState.HEALTHY));

        List<String> violations = RolloutInvariants.of(rollout, new ScaleSetFacts(1, 1, Map.of("0", 1))).violations();

        assertThat(violations).noneMatch(v -> v.startsWith("recorded = observed"));
    }

    private static List<String> recordedEqualsObserved(RolloutDetails rollout, Image model, Instance... census) {
        ScaleSetFacts facts = new ScaleSetFacts(census.length, census.length, Map.of(),
                new Census(model, List.of(census)));
        return RolloutInvariants.of(rollout, facts).violations().stream()
                .filter(v -> v.startsWith("recorded = observed")).toList();
    }

    private static Instance healthy(String id, Image image) {
        return instance(id, image, Instance.Health.HEALTHY);
    }

    private static Instance instance(String id, Image image, Instance.Health health) {
        return new Instance(id, 0, 0, null, image, true, Instance.PowerState.RUNNING, false, health);
    }

    /** One wave holding every instance; the log has SUBMITTED, the given events for wave 0, and the terminal event. */
    private static RolloutDetails rollout(RolloutState state, List<EventType> waveEvents,
                                          Map<String, InstanceState> instances) {
        Instant now = Instant.parse("2026-12-04T12:00:00Z");
        List<EventRecord> events = new ArrayList<>();
        events.add(new EventRecord(1, now, EventType.SUBMITTED, "alice", "submitted", null));
        waveEvents.forEach(type -> events.add(new EventRecord(events.size() + 1, now, type, null, type.name(), 0)));
        if (state.isTerminal()) {
            events.add(new EventRecord(events.size() + 1, now, EventType.valueOf(state.name()), null, "ended", null));
        }
        List<InstanceStatus> statuses = instances.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> new InstanceStatus(e.getKey(), e.getValue())).toList();
        WaveDetails wave = new WaveDetails(0, "update domain 0", WaveState.SUCCEEDED, now, now, statuses);
        RolloutPlan plan = new RolloutPlan(new ScaleSetRef("s", "rg", "web"), ImageChange.toVersion(TARGET.version()),
                Strategy.byUpdateDomain(), ApprovalMode.NONE, new HealthPolicy(Duration.ofMinutes(1), Duration.ZERO, 0),
                FailurePolicy.PAUSE, false);
        return new RolloutDetails("r-1", plan, state, "reason", "alice", now, now, "version " + TARGET.version(),
                new Baseline(PREVIOUS, "Manual", TARGET), 0, 1, events.size(), List.of(wave), List.of(), List.of(),
                events);
    }
}
