package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.store.TokenBuckets;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * One {@link RequestBudget} per key (a subscription: Compute counts per subscription and region), shared by every
 * rollout there: of this worker, and of every other worker when the buckets are the database's
 * ({@link TokenBuckets}). Each key has a token bucket holding {@link RequestBudget#burst()} and refilled evenly, so no
 * window ever sees more than the budget. A request takes its charge before it is sent, so rollouts that start together
 * take turns instead of overspending; a charge bigger than the burst waits for a full bucket and leaves it in debt.
 */
final class SharedBudget {

    private final String name;
    private final RequestBudget budget;
    private final TokenBuckets buckets;
    private final LongSupplier nanoTime;

    /**
     * @param name     what the budget counts, e.g. "health-reads": the buckets of different budgets never mix
     * @param nanoTime the clock {@link #awaitTurn} gives up by; the buckets keep time on their own clock
     */
    SharedBudget(String name, RequestBudget budget, TokenBuckets buckets, LongSupplier nanoTime) {
        this.name = name;
        this.budget = budget;
        this.buckets = buckets;
        this.nanoTime = nanoTime;
    }

    /** A budget of this worker alone, on the {@code nanoTime} clock. */
    SharedBudget(RequestBudget budget, LongSupplier nanoTime) {
        this("local", budget, new LocalTokenBuckets(nanoTime), nanoTime);
    }

    /** Takes {@code count} from the key's bucket: ZERO when it held them; otherwise nothing, and how long until it will. */
    Duration reserve(String key, long count) {
        double wait = buckets.change(bucket(key), budget.burst(), (tokens, elapsed) -> {
            double held = refilled(tokens, elapsed);
            double needed = Math.min(count, budget.burst());
            return held >= needed ? new TokenBuckets.Changed(held - count, 0)
                    : new TokenBuckets.Changed(held, (needed - held) / budget.refillPerSecond());
        });
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(Math.min(wait * 1e9, Long.MAX_VALUE)));
    }

    /**
     * Takes {@code count} from the key's bucket now, into debt if it must, and answers how long until the caller's
     * turn: when the bucket, as it stood before, would have held them. Whoever asks later queues behind the debt, so
     * under more demand than the budget every caller is served in the order it asked (no one keeps losing to
     * newcomers), and the window still never sees more than the budget. The caller waits that long, then sends
     * without asking again.
     */
    Duration takeInLine(String key, long count) {
        double wait = buckets.change(bucket(key), budget.burst(), (tokens, elapsed) -> {
            double held = refilled(tokens, elapsed);
            double needed = Math.min(count, budget.burst());
            double turn = held >= needed ? 0 : (needed - held) / budget.refillPerSecond();
            return new TokenBuckets.Changed(held - count, turn);
        });
        return wait <= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(Math.min(wait * 1e9, Long.MAX_VALUE)));
    }

    /**
     * Waits (through {@code sleep}, which an activity heartbeats in) until {@code count} can be taken, and takes them;
     * after {@code atMost} it takes them anyway, into debt, so that a caller that kept losing its turn to newcomers
     * (turns are not queued) goes on inside its own timeout, paced from then on by what Compute answers.
     *
     * @return whether the turn came within {@code atMost}
     */
    boolean awaitTurn(String key, long count, Duration atMost, Consumer<Duration> sleep) {
        return awaitTurn(key, count, () -> atMost, sleep);
    }

    /** As {@link #awaitTurn(String, long, Duration, Consumer)}, asking how long at most only when it must wait. */
    boolean awaitTurn(String key, long count, Supplier<Duration> atMost, Consumer<Duration> sleep) {
        Duration turn = reserve(key, count);
        if (turn.isZero()) {
            return true;
        }
        long giveUp = nanoTime.getAsLong() + atMost.get().toNanos();
        for (; !turn.isZero(); turn = reserve(key, count)) {
            long left = giveUp - nanoTime.getAsLong();
            if (left <= 0) {
                spend(key, count, OptionalLong.empty());
                return false;
            }
            sleep.accept(turn.toNanos() < left ? turn : Duration.ofNanos(left));
        }
        return true;
    }

    /**
     * Spends {@code count} whether or not the bucket holds them (what a request cost beyond its reservation) and answers
     * the seconds until {@code count} are there again. {@code remainingAtAzure}, the fewest Compute said were left,
     * caps the bucket, keeping {@link RateLimitPacer#LOW_WATERMARK} of them for everyone else.
     */
    double spend(String key, long count, OptionalLong remainingAtAzure) {
        return buckets.change(bucket(key), budget.burst(), (tokens, elapsed) -> {
            double held = refilled(tokens, elapsed) - count;
            if (remainingAtAzure.isPresent()) {
                held = Math.min(held, remainingAtAzure.getAsLong() - RateLimitPacer.LOW_WATERMARK);
            }
            double needed = Math.min(count, budget.burst());
            return new TokenBuckets.Changed(held, held >= needed ? 0 : (needed - held) / budget.refillPerSecond());
        });
    }

    /**
     * How long a request may wait for its turn inside an activity of {@code startToClose}: at most {@code limit}, and
     * at most a third of the activity's time, so the request itself still fits (a person's 30 s inspection waits 10 s
     * at most, not the minute a rollout's model read may).
     */
    static Duration turnLimit(Duration limit, Duration startToClose) {
        if (startToClose == null || startToClose.isZero() || startToClose.isNegative()) {
            return limit;
        }
        Duration third = startToClose.dividedBy(3);
        return third.compareTo(limit) < 0 ? third : limit;
    }

    private double refilled(double tokens, double elapsedSeconds) {
        return Math.min(budget.burst(), tokens + elapsedSeconds * budget.refillPerSecond());
    }

    private String bucket(String key) {
        return name + "/" + key;
    }
}
