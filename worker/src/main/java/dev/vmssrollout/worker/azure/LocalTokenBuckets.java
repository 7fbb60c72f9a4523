package dev.vmssrollout.worker.azure;

import dev.vmssrollout.model.store.TokenBuckets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/** Token buckets of this worker process alone, on its {@code nanoTime} clock. */
final class LocalTokenBuckets implements TokenBuckets {

    private final LongSupplier nanoTime;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    LocalTokenBuckets(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    public double change(String bucket, double initialTokens, Change change) {
        return buckets.computeIfAbsent(bucket, name -> new Bucket(initialTokens, nanoTime.getAsLong())).change(change);
    }

    private final class Bucket {
        private double tokens;
        private long changedAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.changedAt = now;
        }

        synchronized double change(Change change) {
            long now = nanoTime.getAsLong();
            Changed changed = change.apply(tokens, (now - changedAt) / 1e9);
            tokens = changed.tokens();
            changedAt = now;
            return changed.answer();
        }
    }
}
