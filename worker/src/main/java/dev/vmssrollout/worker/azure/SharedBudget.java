package dev.vmssrollout.worker.azure;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One {@link RequestBudget} per key (a subscription: Compute counts per subscription and region), shared by every
 * rollout the worker runs there. Each key has a token bucket holding {@link RequestBudget#burst()} and refilled
 * evenly, so no window ever sees more than the budget. A request takes its charge before it is sent, so rollouts that
 * start together take turns instead of overspending; a charge bigger than the burst waits for a full bucket and leaves
 * it in debt.
 */
final class SharedBudget {

    private final RequestBudget budget;
    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    SharedBudget(RequestBudget budget, LongSupplier nanoTime) {
        this.budget = budget;
        this.nanoTime = nanoTime;
    }

    /** Takes {@code count} from the key's bucket: ZERO when it held them; otherwise nothing, and how long until it will. */
    Duration reserve(String key, long count) {
        double wait = bucket(key).take(count, nanoTime.getAsLong());
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
        long giveUp = nanoTime.getAsLong() + atMost.toNanos();
        for (Duration turn = reserve(key, count); !turn.isZero(); turn = reserve(key, count)) {
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
        return bucket(key).spend(count, remainingAtAzure, nanoTime.getAsLong());
    }

    private Bucket bucket(String key) {
        return buckets.computeIfAbsent(key, k -> new Bucket(budget.burst(), nanoTime.getAsLong()));
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized double take(long count, long now) {
            refill(now);
            double needed = Math.min(count, budget.burst());
            if (tokens >= needed) {
                tokens -= count;
                return 0;
            }
            return (needed - tokens) / budget.refillPerSecond();
        }

        synchronized double spend(long count, OptionalLong remainingAtAzure, long now) {
            refill(now);
            tokens -= count;
            if (remainingAtAzure.isPresent()) {
                tokens = Math.min(tokens, remainingAtAzure.getAsLong() - RateLimitPacer.LOW_WATERMARK);
            }
            double needed = Math.min(count, budget.burst());
            return tokens >= needed ? 0 : (needed - tokens) / budget.refillPerSecond();
        }

        private void refill(long now) {
            tokens = Math.min(budget.burst(), tokens + (now - refilledAt) / 1e9 * budget.refillPerSecond());
            refilledAt = now;
        }
    }
}
