package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.model.store.TokenBuckets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The shared buckets while the database answers; this worker's own while it does not. A budget is pacing, not a
 * record: an unreachable database must not stop the Azure calls of rollouts that can go on (their progress is recorded
 * with retries), and Compute's remaining-count headers and 429s still pace each worker meanwhile. After a failure the
 * database is left alone for {@link #RETRY_AFTER}: a connection attempt to a database that is down can take the
 * pool's whole connection timeout, and a request waiting for its turn should not wait that long each time.
 */
public final class FallbackTokenBuckets implements TokenBuckets {

    private static final Logger log = LoggerFactory.getLogger(FallbackTokenBuckets.class);
    static final Duration RETRY_AFTER = Duration.ofSeconds(30);
    private static final long WARN_EVERY_NANOS = 60_000_000_000L;

    private final TokenBuckets shared;
    private final TokenBuckets local;
    private final LongSupplier nanoTime;
    private final AtomicLong lastWarning = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong failedAt = new AtomicLong(Long.MIN_VALUE);

    public FallbackTokenBuckets(TokenBuckets shared) {
        this(shared, System::nanoTime);
    }

    FallbackTokenBuckets(TokenBuckets shared, LongSupplier nanoTime) {
        this.shared = shared;
        this.local = new LocalTokenBuckets(nanoTime);
        this.nanoTime = nanoTime;
    }

    @Override
    public double change(String bucket, double initialTokens, Change change) {
        long failed = failedAt.get();
        if (failed != Long.MIN_VALUE && nanoTime.getAsLong() - failed < RETRY_AFTER.toNanos()) {
            return local.change(bucket, initialTokens, change);
        }
        try {
            double answer = shared.change(bucket, initialTokens, change);
            failedAt.set(Long.MIN_VALUE);
            return answer;
        } catch (StoreUnavailableException e) {
            long now = nanoTime.getAsLong();
            failedAt.set(now);
            long last = lastWarning.get();
            if ((last == Long.MIN_VALUE || now - last >= WARN_EVERY_NANOS) && lastWarning.compareAndSet(last, now)) {
                log.warn("the shared Azure request budgets are out of reach ({}); this worker paces alone until the"
                        + " database answers", e.getMessage());
            }
            return local.change(bucket, initialTokens, change);
        }
    }
}
