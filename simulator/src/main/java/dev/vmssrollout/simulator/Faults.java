package dev.vmssrollout.simulator;

import java.util.Set;

/**
 * Faults injected into one scale set at runtime.
 *
 * @param unhealthyImages   images (version, id, URI or URN) whose instances boot Unhealthy
 * @param failingImages     images whose upgrade fails: the instance keeps its old image and the operation fails
 * @param failingModelImages images a model update (PUT or PATCH) cannot switch to: the update is accepted, its
 *                          operation ends Failed ({@code ModelUpdateFailed}) and the model keeps its old image
 * @param failingInstances  instance ids whose upgrade fails
 * @param transient5xxRate  share of ARM requests (0.0-1.0) answered 500 or 503 instead
 * @param seed              seed of the random choice of those requests, for reproducible runs
 * @param throttling        request budgets; {@code null} means {@link Throttling#GENEROUS}
 * @param latencyMillis     delay added to every ARM request
 */
public record Faults(Set<String> unhealthyImages, Set<String> failingImages, Set<String> failingModelImages,
                     Set<String> failingInstances, double transient5xxRate, long seed, Throttling throttling,
                     long latencyMillis) {

    public Faults {
        unhealthyImages = unhealthyImages == null ? Set.of() : Set.copyOf(unhealthyImages);
        failingImages = failingImages == null ? Set.of() : Set.copyOf(failingImages);
        failingModelImages = failingModelImages == null ? Set.of() : Set.copyOf(failingModelImages);
        failingInstances = failingInstances == null ? Set.of() : Set.copyOf(failingInstances);
        throttling = throttling == null ? Throttling.GENEROUS : throttling;
        if (transient5xxRate < 0 || transient5xxRate > 1) {
            throw new IllegalArgumentException("transient5xxRate must be between 0.0 and 1.0");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative");
        }
    }

    public static Faults none() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isUnhealthy(OsImage image) {
        return unhealthyImages.stream().anyMatch(image::matches);
    }

    public boolean upgradeFails(String instanceId, OsImage target) {
        return failingInstances.contains(instanceId) || failingImages.stream().anyMatch(target::matches);
    }

    /** Whether a model update that changes the image to {@code target} fails. */
    public boolean modelUpdateFails(OsImage target) {
        return failingModelImages.stream().anyMatch(target::matches);
    }

    public static final class Builder {
        private Set<String> unhealthyImages = Set.of();
        private Set<String> failingImages = Set.of();
        private Set<String> failingModelImages = Set.of();
        private Set<String> failingInstances = Set.of();
        private double transient5xxRate;
        private long seed = 42;
        private Throttling throttling;
        private long latencyMillis;

        private Builder() {
        }

        public Builder unhealthyImages(String... images) {
            this.unhealthyImages = Set.of(images);
            return this;
        }

        public Builder failingImages(String... images) {
            this.failingImages = Set.of(images);
            return this;
        }

        public Builder failingModelImages(String... images) {
            this.failingModelImages = Set.of(images);
            return this;
        }

        public Builder failingInstances(String... instanceIds) {
            this.failingInstances = Set.of(instanceIds);
            return this;
        }

        public Builder transient5xxRate(double rate) {
            this.transient5xxRate = rate;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder throttling(Throttling throttling) {
            this.throttling = throttling;
            return this;
        }

        public Builder latencyMillis(long latencyMillis) {
            this.latencyMillis = latencyMillis;
            return this;
        }

        public Faults build() {
            return new Faults(unhealthyImages, failingImages, failingModelImages, failingInstances, transient5xxRate,
                seed, throttling, latencyMillis);
        }
    }
}
