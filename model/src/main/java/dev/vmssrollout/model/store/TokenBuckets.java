package dev.vmssrollout.model.store;

/**
 * Token buckets kept where every worker process sees them. Compute counts its request budgets per subscription and
 * region, not per client: workers that each kept their own buckets would together spend the budget once per worker.
 */
public interface TokenBuckets {

    /**
     * Changes one bucket atomically (no other process changes it meanwhile) and answers what {@code change} answers.
     * A bucket named for the first time starts with {@code initialTokens}.
     */
    double change(String bucket, double initialTokens, Change change);

    /** One change of a bucket, computed from what it holds and how long ago it last changed (the store's clock). */
    @FunctionalInterface
    interface Change {
        Changed apply(double tokens, double secondsSinceLastChange);
    }

    /** @param tokens what the bucket holds after the change; @param answer what {@link #change} answers */
    record Changed(double tokens, double answer) {
    }
}
