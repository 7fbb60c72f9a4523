package dev.vmssrollout.workflows;

import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.Calendar;
import dev.vmssrollout.model.schedule.Freeze;
import dev.vmssrollout.model.schedule.Schedule;
import dev.vmssrollout.model.schedule.WeeklyWindow;
import dev.vmssrollout.model.schedule.WindowOverride;
import io.temporal.client.WorkflowUpdateException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;

import static dev.vmssrollout.workflows.FakeScaleSet.aScaleSet;
import static dev.vmssrollout.workflows.PlanBuilder.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Scheduled rollouts in the time-skipping test environment: the test server's clock starts where
 * each test says, and skips ahead over the waits. Tuesday 2026-12-08 is the usual day.
 */
class MaintenanceWindowTest {

    private static final Instant TUESDAY_NOON = Instant.parse("2026-12-08T12:00:00Z");
    private static final Schedule TUESDAY_NIGHT_UTC = new Schedule(null, null,
            List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "23:00")), "UTC");

    private final RolloutHarness harness = new RolloutHarness();

    @AfterEach
    void close() {
        harness.close();
    }

    private Instant startOf(EventType type) {
        return harness.progress.only(type).at();
    }

    private Instant firstAt(EventType type) {
        return harness.progress.ofType(type).get(0).at();
    }

    /** Timers fire at their time; what the workflow does then takes a few real milliseconds on the test server's clock. */
    private static void assertAtOrJustAfter(Instant actual, Instant expected) {
        assertThat(actual).isBetween(expected, expected.plusSeconds(60));
    }

    @Test
    void aRolloutSubmittedOutsideItsWindowWaitsAndStartsAtTheOpening() {
        FakeScaleSet scaleSet = aScaleSet();
        harness.startingAt(TUESDAY_NOON).start(scaleSet, aPlan().withSchedule(TUESDAY_NIGHT_UTC)
                .withHealthTimeout(Duration.ofMinutes(10)).build());

        ProgressEvent waiting = harness.progress.awaitEvent(EventType.WAITING_FOR_WINDOW);
        assertThat(waiting.rolloutState()).isEqualTo(RolloutState.WAITING_FOR_WINDOW);
        assertThat(waiting.nextWindowStart()).isEqualTo(Instant.parse("2026-12-08T22:00:00Z"));
        assertThat(harness.workflow().progress().nextWindowStart()).isEqualTo(Instant.parse("2026-12-08T22:00:00Z"));
        assertThat(scaleSet.modelChanges()).isEmpty();

        RolloutProgress result = harness.result();

        assertThat(result.state()).isEqualTo(RolloutState.SUCCEEDED);
        assertAtOrJustAfter(startOf(EventType.WINDOW_OPENED), Instant.parse("2026-12-08T22:00:00Z"));
        // Nothing touched Azure before the opening: preflight (and the model update after it) came later.
        assertThat(startOf(EventType.PREFLIGHT_PASSED)).isAfterOrEqualTo(Instant.parse("2026-12-08T22:00:00Z"));
        assertThat(harness.progress.ofType(EventType.WAVE_STARTED)).allSatisfy(wave ->
                assertThat(wave.at()).isBetween(Instant.parse("2026-12-08T22:00:00Z"), Instant.parse("2026-12-08T23:00:00Z")));
    }

    @Test
    void aWaveThatWouldNotEndBeforeTheWindowClosesWaitsForTheNextWindow() {
        // 22:45: fifteen minutes left, and the plan's health timeout says a wave may take thirty.
        harness.startingAt(Instant.parse("2026-12-08T22:45:00Z")).start(aScaleSet(), aPlan()
                .withSchedule(TUESDAY_NIGHT_UTC).withHealthTimeout(Duration.ofMinutes(30)).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.only(EventType.WAITING_FOR_WINDOW).message())
                .contains("the window closes before a wave of 30m would end");
        assertAtOrJustAfter(firstAt(EventType.WAVE_STARTED), Instant.parse("2026-12-15T22:00:00Z"));
    }

    @Test
    void whenTheWindowClosesMidRolloutTheRestWaitsForTheNextWindow() {
        // Five waves 25 minutes apart in a one-hour window: three tonight, two next Tuesday.
        harness.startingAt(TUESDAY_NOON).start(aScaleSet(), aPlan().withSchedule(TUESDAY_NIGHT_UTC)
                .withHealthTimeout(Duration.ofMinutes(10)).pausingBetweenWaves(Duration.ofMinutes(25)).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        List<Instant> starts = harness.progress.ofType(EventType.WAVE_STARTED).stream().map(ProgressEvent::at).toList();
        assertThat(starts).hasSize(5);
        assertThat(starts.subList(0, 3)).allSatisfy(t -> assertThat(t).isBefore(Instant.parse("2026-12-08T23:00:00Z")));
        assertAtOrJustAfter(starts.get(3), Instant.parse("2026-12-15T22:00:00Z"));
        assertThat(harness.progress.ofType(EventType.WAVE_COMPLETED)).hasSize(5);
        assertThat(harness.progress.ofType(EventType.WAITING_FOR_WINDOW)).hasSize(2);
    }

    @Test
    void aFreezeAddedWhileTheRolloutWaitsHoldsItUntilTheFreezeEnds() {
        harness.calendars.put(new Calendar("prod", "Europe/Berlin",
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "23:00")), List.of()));
        RolloutWorkflow rollout = harness.startingAt(TUESDAY_NOON).start(aScaleSet(), aPlan()
                .withSchedule(Schedule.calendar("prod")).withHealthTimeout(Duration.ofMinutes(10)).build());
        assertThat(harness.progress.awaitEvent(EventType.WAITING_FOR_WINDOW).nextWindowStart())
                .isEqualTo(Instant.parse("2026-12-08T21:00:00Z"));

        harness.calendars.put(new Calendar("prod", "Europe/Berlin",
                List.of(WeeklyWindow.on(DayOfWeek.TUESDAY, "22:00", "23:00")),
                List.of(new Freeze(LocalDateTime.parse("2026-12-08T18:00"), LocalDateTime.parse("2026-12-16T00:00"), "year-end sale"))));
        rollout.calendarChanged();

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.ofType(EventType.WAITING_FOR_WINDOW).get(1).nextWindowStart())
                .isEqualTo(Instant.parse("2026-12-22T21:00:00Z"));
        assertAtOrJustAfter(firstAt(EventType.WAVE_STARTED), Instant.parse("2026-12-22T21:00:00Z"));
    }

    @Test
    void aFreezeAddedWhileAWaveRunsLetsThatWaveFinishAndHoldsTheNext() {
        harness.calendars.put(new Calendar("prod", "UTC", List.of(), List.of()));
        FakeScaleSet scaleSet = aScaleSet();
        int[] upgrades = {0};
        scaleSet.beforeEachUpgrade(ids -> {
            if (++upgrades[0] == 2) {
                harness.calendars.put(new Calendar("prod", "UTC", List.of(),
                        List.of(new Freeze(LocalDateTime.parse("2026-12-08T00:00"), LocalDateTime.parse("2026-12-10T00:00"), "incident"))));
                harness.workflow().calendarChanged();
            }
        });
        harness.startingAt(TUESDAY_NOON).start(scaleSet, aPlan().withSchedule(Schedule.calendar("prod")).build());

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        List<EventType> types = harness.progress.types();
        // Wave 2 was in flight when the freeze came: it completed, and wave 3 waited for the freeze to end.
        assertThat(types.subList(types.indexOf(EventType.WAVE_STARTED), types.indexOf(EventType.WAITING_FOR_WINDOW)))
                .containsSubsequence(EventType.WAVE_STARTED, EventType.WAVE_COMPLETED, EventType.WAVE_STARTED,
                        EventType.WAVE_COMPLETED);
        assertThat(harness.progress.only(EventType.WAITING_FOR_WINDOW).message()).contains("incident");
        assertAtOrJustAfter(harness.progress.ofType(EventType.WAVE_STARTED).get(2).at(), Instant.parse("2026-12-10T00:00:00Z"));
        assertThat(scaleSet.upgradeCounts().values()).containsOnly(1);
    }

    /** When the first wave of a rollout with a Sunday 01:30-03:30 window in {@code zone} starts. */
    private static Instant firstWaveStart(String zone, String submittedAt, Duration healthTimeout) {
        Schedule sundayNight = new Schedule(null, null, List.of(WeeklyWindow.on(DayOfWeek.SUNDAY, "01:30", "03:30")), zone);
        try (RolloutHarness rollout = new RolloutHarness()) {
            rollout.startingAt(Instant.parse(submittedAt)).start(aScaleSet(), aPlan()
                    .withSchedule(sundayNight).withHealthTimeout(healthTimeout).build());
            assertThat(rollout.result().state()).isEqualTo(RolloutState.SUCCEEDED);
            return rollout.progress.ofType(EventType.WAVE_STARTED).get(0).at();
        }
    }

    @Test
    void berlinsShortSpringNightIsSkippedAndItsLongAutumnNightUsed() {
        // 2026-03-29 has one hour between 01:30 and 03:30: a 90-minute wave waits for 2026-04-05 01:30 CEST.
        assertAtOrJustAfter(firstWaveStart("Europe/Berlin", "2026-03-28T12:00:00Z", Duration.ofMinutes(90)),
                Instant.parse("2026-04-04T23:30:00Z"));
        // 2026-10-25 has three hours: a 150-minute wave starts at 01:30 CEST that night.
        assertAtOrJustAfter(firstWaveStart("Europe/Berlin", "2026-10-24T12:00:00Z", Duration.ofMinutes(150)),
                Instant.parse("2026-10-24T23:30:00Z"));
    }

    @Test
    void newYorksShortSpringNightIsSkippedAndItsLongAutumnNightUsed() {
        // 2026-03-08 01:30 EST to 03:30 EDT is one hour: the next Sunday, 01:30 EDT.
        assertAtOrJustAfter(firstWaveStart("America/New_York", "2026-03-07T12:00:00Z", Duration.ofMinutes(90)),
                Instant.parse("2026-03-15T05:30:00Z"));
        // 2026-11-01 01:30 EDT to 03:30 EST is three hours.
        assertAtOrJustAfter(firstWaveStart("America/New_York", "2026-10-31T12:00:00Z", Duration.ofMinutes(150)),
                Instant.parse("2026-11-01T05:30:00Z"));
    }

    @Test
    void anEmergencyOverrideNeedsASecondPersonAndRunsTheRolloutAtOnce() {
        RolloutWorkflow rollout = harness.startingAt(TUESDAY_NOON).start(aScaleSet(), aPlan()
                .withSchedule(TUESDAY_NIGHT_UTC).withHealthTimeout(Duration.ofMinutes(10)).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_WINDOW);

        assertThatThrownBy(() -> rollout.requestOverride(new OverrideRequest("carol", " ")))
                .isInstanceOf(WorkflowUpdateException.class).rootCause().hasMessageContaining(
                        "an override request needs a reason: say why the rollout cannot wait for its window");
        rollout.requestOverride(new OverrideRequest("carol", "CVE-2026-1234 is being exploited"));
        assertThatThrownBy(() -> rollout.approveOverride(new OverrideApproval("Carol", null)))
                .isInstanceOf(WorkflowUpdateException.class).rootCause()
                .hasMessageContaining("four-eyes: carol asked for the override and cannot approve it; another person must");
        RolloutProgress approved = rollout.approveOverride(new OverrideApproval("bob", "agreed on the bridge call"));

        assertThat(approved.windowOverride()).isEqualTo(new WindowOverride("carol", "CVE-2026-1234 is being exploited", "bob"));
        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        ProgressEvent request = harness.progress.only(EventType.OVERRIDE_REQUESTED);
        ProgressEvent approval = harness.progress.only(EventType.OVERRIDE_APPROVED);
        assertThat(request.actor()).isEqualTo("carol");
        assertThat(approval.actor()).isEqualTo("bob");
        assertThat(approval.message()).contains("carol").contains("bob").contains("agreed on the bridge call");
        assertThat(harness.progress.only(EventType.WINDOW_OPENED).message()).contains("emergency override");
        assertThat(harness.progress.ofType(EventType.WAVE_STARTED)).allSatisfy(wave ->
                assertThat(wave.at()).isBefore(Instant.parse("2026-12-08T22:00:00Z")));
    }

    @Test
    void anApprovedOverrideThatTheReconcilerCarriesIntoANewRunStillRunsTheRolloutAtOnce() {
        // The workflow was lost while waiting, after bob approved carol's override; the database remembers both.
        ResumePoint lostWhileWaiting = new ResumePoint(null, null, 0, RolloutState.WAITING_FOR_WINDOW, 5, List.of());
        WindowOverride approved = new WindowOverride("carol", "CVE-2026-1234 is being exploited", "bob");
        RolloutPlan plan = aPlan().withSchedule(TUESDAY_NIGHT_UTC).withHealthTimeout(Duration.ofMinutes(10)).build();
        harness.startingAt(TUESDAY_NOON).start(aScaleSet(), new RolloutInput(RolloutHarness.ROLLOUT_ID, plan,
                RolloutHarness.SUBMITTER, true, false, lostWhileWaiting, approved));

        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
        assertThat(harness.progress.only(EventType.WINDOW_OPENED).message()).contains("emergency override by carol approved by bob");
        assertThat(harness.progress.ofType(EventType.WAVE_STARTED)).isNotEmpty().allSatisfy(wave ->
                assertThat(wave.at()).isBefore(Instant.parse("2026-12-08T22:00:00Z")));
    }

    @Test
    void cancellingWhileWaitingForTheFirstWindowChangesNothingInAzure() {
        FakeScaleSet scaleSet = aScaleSet();
        RolloutWorkflow rollout = harness.startingAt(TUESDAY_NOON).start(scaleSet, aPlan()
                .withSchedule(TUESDAY_NIGHT_UTC).build());
        harness.progress.awaitEvent(EventType.WAITING_FOR_WINDOW);

        rollout.cancel(new OperatorCommand("bob", "not this week"));

        assertThat(harness.result().state()).isEqualTo(RolloutState.CANCELLED);
        assertThat(scaleSet.modelChanges()).isEmpty();
        assertThat(scaleSet.upgradeCalls()).isEmpty();
        assertThat(harness.progress.ofType(EventType.PREFLIGHT_PASSED)).isEmpty();
    }

    @Test
    void aCalendarThatDoesNotExistHoldsTheRolloutAndSaysSo() {
        RolloutWorkflow rollout = harness.startingAt(TUESDAY_NOON).start(aScaleSet(), aPlan()
                .withSchedule(Schedule.calendar("gone")).build());

        ProgressEvent waiting = harness.progress.awaitEvent(EventType.WAITING_FOR_WINDOW);

        assertThat(waiting.message()).contains("calendar 'gone' does not exist");
        assertThat(waiting.nextWindowStart()).isNull();
        harness.calendars.put(new Calendar("gone", "UTC", List.of(), List.of()));
        rollout.calendarChanged();
        assertThat(harness.result().state()).isEqualTo(RolloutState.SUCCEEDED);
    }
}
