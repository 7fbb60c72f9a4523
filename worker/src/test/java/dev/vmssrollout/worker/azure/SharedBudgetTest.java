package dev.vmssrollout.worker.azure;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The upgrade budget as shipped (800 instances per 5 minutes per subscription: a burst of 200, then 2 a second) when
 * many waves of one subscription start at once, and the model read budget (120 per 3 minutes).
 */
class SharedBudgetTest {

    private final AtomicLong now = new AtomicLong();
    private final SharedBudget upgrades = new SharedBudget(RequestBudget.AZURE_UPGRADE_DEFAULT, now::get);

    @Test
    void fiftyWavesOfTwentyStartingTogetherTakeTurnsWithinComputesFiveMinuteBudget() {
        int started = 0;
        for (int wave = 0; wave < 50; wave++) {
            if (upgrades.reserve("subscription s", 20).isZero()) {
                started++;
            }
        }
        assertThat(started).as("the burst: 200 instances at once").isEqualTo(10);
        assertThat(upgrades.reserve("subscription s", 20)).as("20 more refill at 2 a second")
                .isEqualTo(Duration.ofSeconds(10));

        // Every wave retries at its turn: in five minutes, at most 800 instances are named, within Compute's 1,200.
        long named = 200;
        for (long second = 1; second <= 300; second++) {
            now.set(Duration.ofSeconds(second).toNanos());
            while (upgrades.reserve("subscription s", 20).isZero()) {
                named += 20;
            }
        }
        assertThat(named).isLessThanOrEqualTo(800).isGreaterThanOrEqualTo(780);
        assertThat(upgrades.reserve("subscription t", 20)).as("another subscription has its own budget").isZero();
    }

    @Test
    void aWaveBiggerThanTheBurstWaitsForAFullBucketAndLeavesItInDebt() {
        assertThat(upgrades.reserve("s", 150)).isZero();
        assertThat(upgrades.reserve("s", 300)).as("150 short of the full 200").isEqualTo(Duration.ofSeconds(75));
        now.set(Duration.ofSeconds(75).toNanos());
        assertThat(upgrades.reserve("s", 300)).isZero();
        assertThat(upgrades.reserve("s", 1)).as("100 in debt: 101 to refill").isEqualTo(Duration.ofMillis(50_500));
    }

    @Test
    void turnsTakenInLineAreServedInTheOrderAskedAndNeverOverspendTheWindow() {
        // 50 waves of 20 ask at once: 10 go with the burst, the others get turns 10 s apart (20 at 2 a second).
        List<Duration> turns = new ArrayList<>();
        for (int wave = 0; wave < 50; wave++) {
            turns.add(upgrades.takeInLine("s", 20));
        }
        assertThat(turns.subList(0, 10)).allSatisfy(turn -> assertThat(turn).isZero());
        assertThat(turns.get(10)).isEqualTo(Duration.ofSeconds(10));
        assertThat(turns.get(49)).isEqualTo(Duration.ofSeconds(400));
        assertThat(turns).isSorted();
        // The 40 queued waves' 800 instances are all named by 400 s: within 200 + 2 per second of the budget.
        now.set(Duration.ofSeconds(400).toNanos());
        assertThat(upgrades.takeInLine("s", 20)).as("the line is through; one more waits its own 10 s")
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void computesRemainingCountCapsTheBucketAndUnlimitedNeverWaits() {
        SharedBudget reads = new SharedBudget(RequestBudget.AZURE_MODEL_READ_DEFAULT, now::get);
        assertThat(reads.spend("s", 1, OptionalLong.of(RateLimitPacer.LOW_WATERMARK))).as("Compute: only the watermark left")
                .isPositive();

        SharedBudget unlimited = new SharedBudget(RequestBudget.UNLIMITED, now::get);
        for (int i = 0; i < 1_000; i++) {
            assertThat(unlimited.reserve("s", 1_000)).isZero();
        }
        assertThatThrownBy(() -> RequestBudget.parse("800 per 5 minutes")).hasMessageContaining("requests/ISO-8601");
    }

    @Test
    void aTurnIsAwaitedAtMostAsLongAsTheCallerCanWaitThenTakenIntoDebt() {
        SharedBudget reads = new SharedBudget(RequestBudget.AZURE_MODEL_READ_DEFAULT, now::get);
        List<Duration> slept = new ArrayList<>();
        Consumer<Duration> sleep = wait -> {
            slept.add(wait);
            // Someone else takes every read refilled while this caller sleeps: it never gets its turn.
            now.addAndGet(wait.toNanos());
            while (reads.reserve("s", 1).isZero()) {
                // taken by a newcomer
            }
        };
        for (int i = 0; i < 30; i++) {
            assertThat(reads.reserve("s", 1)).isZero();
        }

        boolean inTurn = reads.awaitTurn("s", 1, Duration.ofMinutes(1), sleep);

        assertThat(inTurn).isFalse();
        assertThat(slept.stream().reduce(Duration.ZERO, Duration::plus)).isEqualTo(Duration.ofMinutes(1));
        assertThat(reads.reserve("s", 1)).as("the read was taken, into debt").isEqualTo(Duration.ofSeconds(4));
        assertThat(reads.awaitTurn("t", 1, Duration.ofMinutes(1), sleep)).as("a full bucket: at once").isTrue();
    }

    @Test
    void aTurnIsAwaitedAtMostAThirdOfTheActivitysTime() {
        assertThat(SharedBudget.turnLimit(Duration.ofMinutes(1), Duration.ofSeconds(30)))
                .as("a person's 30 s inspection").isEqualTo(Duration.ofSeconds(10));
        assertThat(SharedBudget.turnLimit(Duration.ofMinutes(1), Duration.ofMinutes(5)))
                .as("a rollout's 5 min model read").isEqualTo(Duration.ofMinutes(1));
        assertThat(SharedBudget.turnLimit(Duration.ofMinutes(1), Duration.ZERO)).as("no timeout known")
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void howLongAtMostIsAskedOnlyWhenTheRequestMustWait() {
        SharedBudget reads = new SharedBudget(RequestBudget.AZURE_MODEL_READ_DEFAULT, now::get);
        List<Duration> slept = new ArrayList<>();

        boolean atOnce = reads.awaitTurn("s", 30, () -> {
            throw new AssertionError("asked although the bucket was full");
        }, slept::add);
        boolean inTurn = reads.awaitTurn("s", 1, () -> Duration.ZERO, slept::add);

        assertThat(atOnce).isTrue();
        assertThat(inTurn).as("no time to wait: it goes at once, into debt").isFalse();
        assertThat(slept).isEmpty();
    }
}
