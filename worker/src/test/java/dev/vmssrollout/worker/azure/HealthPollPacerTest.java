package dev.vmssrollout.worker.azure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HealthPollPacerTest {

    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final RequestBudget BUDGET = new RequestBudget(120, Duration.ofMinutes(3));

    private final AtomicLong now = new AtomicLong();
    private final HealthPollPacer pacer = new HealthPollPacer(new SharedBudget(BUDGET, now::get), MIN_INTERVAL);

    @Test
    void pollsAtTheConfiguredIntervalWhileTheBudgetLasts() {
        assertThat(poll("web", 10)).isEqualTo(MIN_INTERVAL);
        assertThat(poll("web", 10)).isEqualTo(MIN_INTERVAL);
    }

    @Test
    void aTenPageListIsPolledAtTheRefillRateOnceTheBurstIsSpent() {
        // A burst of 30 reads (a quarter of 120): three polls of 10 pages at the interval, as the clock stands still.
        assertThat(poll("big", 10)).isEqualTo(MIN_INTERVAL);
        assertThat(poll("big", 10)).isEqualTo(MIN_INTERVAL);
        // The bucket is empty: the other 90 reads refill over 180 s, one every 2 s, so 10 pages every 20 s.
        assertThat(poll("big", 10)).isEqualTo(Duration.ofSeconds(20));
        for (int i = 0; i < 20; i++) {
            now.addAndGet(Duration.ofSeconds(20).toNanos());
            assertThat(poll("big", 10)).isEqualTo(Duration.ofSeconds(20));
        }
    }

    @Test
    void rolloutsThatStartTogetherTakeTurnsAtTheSharedBudgetInTheOrderTheyAsked() {
        // 50 rollouts of one subscription ask at the same instant for a one-page poll: the burst of 30 goes to the
        // first 30, and each of the others gets its own turn, one every 2 s (90 reads per 180 s), in the order asked.
        List<Duration> turns = new ArrayList<>();
        for (int rollout = 0; rollout < 50; rollout++) {
            turns.add(pacer.takeTurn("subscription s", 1));
        }
        assertThat(turns.subList(0, 30)).allSatisfy(turn -> assertThat(turn).isZero());
        for (int queued = 1; queued <= 20; queued++) {
            assertThat(turns.get(29 + queued)).isEqualTo(Duration.ofSeconds(2L * queued));
        }

        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(pacer.takeTurn("subscription s", 1)).as("a newcomer queues behind the 19 still waiting")
                .isEqualTo(Duration.ofSeconds(40));
        assertThat(pacer.takeTurn("subscription t", 1)).as("another subscription has its own budget").isZero();
    }

    @Test
    void aPollCostingMoreThanItsReservationIsChargedTheRest() {
        assertThat(pacer.takeTurn("s", 1)).isZero();
        pacer.polled("big", 10);
        assertThat(pacer.afterPoll("s", 9, OptionalLong.empty())).isEqualTo(MIN_INTERVAL);
        assertThat(pacer.expectedPages("big")).isEqualTo(10);
        assertThat(pacer.expectedPages("new")).isEqualTo(1);
        assertThat(pacer.takeTurn("s", 10)).isZero();
        assertThat(pacer.takeTurn("s", 10)).as("30 - 10 - 10 leaves 10, then the burst is spent").isZero();
        assertThat(pacer.takeTurn("s", 10)).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void neverSpendsMoreThanTheBudgetInAnyWindow() {
        for (int pages : new int[] {1, 3, 10, 30}) {
            long worst = worstWindowFollowingTheAdvice("pages-" + pages, pages);
            assertThat(worst).as("reads in the worst 3-minute window, polling %d pages", pages)
                    .isLessThanOrEqualTo(BUDGET.requests()).isGreaterThan(BUDGET.requests() - pages - 2);
        }
    }

    /** Polls for an hour, each time after the wait the pacer asked for, and counts reads per sliding window. */
    private long worstWindowFollowingTheAdvice(String scaleSet, int pages) {
        long windowNanos = BUDGET.window().toNanos();
        long end = now.get() + Duration.ofHours(1).toNanos();
        ArrayDeque<Long> pollTimes = new ArrayDeque<>();
        long worst = 0;
        while (now.get() < end) {
            pollTimes.addLast(now.get());
            while (pollTimes.peekFirst() <= now.get() - windowNanos) {
                pollTimes.removeFirst();
            }
            worst = Math.max(worst, (long) pollTimes.size() * pages);
            now.addAndGet(poll(scaleSet, pages).toNanos());
        }
        return worst;
    }

    @Test
    void scaleSetsHaveBudgetsOfTheirOwn() {
        for (int i = 0; i < 2; i++) {
            poll("big", 10);
        }
        assertThat(poll("big", 10)).isGreaterThan(MIN_INTERVAL);
        assertThat(poll("small", 1)).isEqualTo(MIN_INTERVAL);
    }

    @Test
    void believesComputeWhenItSaysFewerReadsAreLeft() {
        // Someone else has been reading the scale set: Compute says 25 left after this poll, 15 usable, enough.
        assertThat(pacer.afterPoll("web", 10, OptionalLong.of(25))).isEqualTo(MIN_INTERVAL);
        // Now 15 left at Compute, 5 usable while the bucket would have had 10: 5 more at one per 2 s.
        assertThat(pacer.afterPoll("web", 10, OptionalLong.of(15))).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void aimsTheNextWavesPollsAtWhenTheLastTurnedHealthy() {
        assertThat(pacer.quietStart("web")).isZero();
        assertThat(pacer.expectedEnd("web")).isZero();
        // Seen upgrading at 290 s, healthy at 310 s: it ended in between.
        pacer.waveHealthyAfter("web", seen(290, 310), 1);
        assertThat(pacer.expectedEnd("web")).isEqualTo(Duration.ofSeconds(300));
        assertThat(pacer.quietStart("web")).isEqualTo(Duration.ofSeconds(270));
        assertThat(pacer.quietStart("api")).as("another scale set").isZero();
        // The next wave's first poll found it healthy at once: it ended before 100 s, whatever the earlier one did.
        pacer.waveHealthyAfter("web", seen(0, 100), 1);
        assertThat(pacer.expectedEnd("web")).isEqualTo(Duration.ofSeconds(100));
        assertThat(pacer.quietStart("web")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void wavesThatAgreeNarrowWhenTheyEnd() {
        pacer.waveHealthyAfter("web", seen(356, 388), 1);
        pacer.waveHealthyAfter("web", seen(335, 372), 1);
        assertThat(pacer.expectedEnd("web")).as("after 356 s and by 372 s").isEqualTo(Duration.ofSeconds(364));
        pacer.waveHealthyAfter("web", seen(328, 364), 1);
        assertThat(pacer.expectedEnd("web")).isEqualTo(Duration.ofSeconds(360));
    }

    /**
     * The 200-scale-set release benchmark had one rollout per stage end 100 s after the other 49: a wave's healthy poll
     * held by a budget turn, taken as the wave's time, made the pacer hold the next waves' polls back as long.
     */
    @Test
    void aHealthyPollHeldBackByItsTurnDoesNotHoldBackTheNextWaves() {
        pacer.waveHealthyAfter("web", seen(6, 8), 1);
        pacer.waveHealthyAfter("web", seen(6, 110), 1);
        assertThat(pacer.expectedEnd("web")).isEqualTo(Duration.ofSeconds(7));
    }

    /**
     * Found by MultiProcessIT taking 134 s instead of 50 s: a worker killed while it watched a wave left the retried
     * attempt to see the wave turn healthy 35 s after it was first scheduled (the 30 s heartbeat timeout in it). Taken
     * as the wave's time, it held every later wave's second poll for 31 s, then 28 s, 25 s: waves of 3 s took 25-30 s.
     */
    @Test
    void aRetriedWaveTeachesNothingAboutTheNext() {
        pacer.waveHealthyAfter("web", seen(3, 4), 1);
        pacer.waveHealthyAfter("web", seen(34, 35), 2);
        assertThat(pacer.expectedEnd("web")).isEqualTo(Duration.ofMillis(3500));
        HealthPollPacer fresh = new HealthPollPacer(new SharedBudget(RequestBudget.UNLIMITED, now::get), MIN_INTERVAL);
        fresh.waveHealthyAfter("web", seen(34, 35), 3);
        assertThat(fresh.quietStart("web")).as("a new worker's first wave, retried").isZero();
    }

    @Test
    void anUnlimitedBudgetLeavesOnlyTheInterval() {
        HealthPollPacer unlimited = new HealthPollPacer(new SharedBudget(RequestBudget.UNLIMITED, now::get), MIN_INTERVAL);
        for (int i = 0; i < 1_000; i++) {
            assertThat(unlimited.afterPoll("big", 10, OptionalLong.empty())).isEqualTo(MIN_INTERVAL);
        }
    }

    @Test
    void readsBudgetsAsWrittenInTheEnvironment() {
        assertThat(RequestBudget.parse("120/PT3M")).isEqualTo(BUDGET);
        assertThat(RequestBudget.parse(" unlimited ")).isEqualTo(RequestBudget.UNLIMITED);
        assertThatThrownBy(() -> RequestBudget.parse("90 per 3 minutes")).hasMessageContaining("e.g. 120/PT3M");
        assertThatThrownBy(() -> RequestBudget.parse("0/PT3M")).hasMessageContaining("at least 1 request");
        assertThatThrownBy(() -> RequestBudget.parse("90/PT0S")).hasMessageContaining("positive window");
    }

    private static WaveEnd seen(long unfinishedSeconds, long healthySeconds) {
        return new WaveEnd(Duration.ofSeconds(unfinishedSeconds), Duration.ofSeconds(healthySeconds));
    }

    private Duration poll(String scaleSet, int pages) {
        return pacer.afterPoll(scaleSet, pages, OptionalLong.empty());
    }
}
