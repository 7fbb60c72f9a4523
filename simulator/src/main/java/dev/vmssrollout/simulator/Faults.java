package dev.vmssrollout.simulator;

import com.fasterxml.jackson.annotation.JsonCreator;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;
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
 * @param throttling        request budgets for this scale set (or, scoped so, its subscription and region);
 *                          {@code null} leaves it on the budgets its scope already has
 * @param latencyMillis     delay added to every ARM request
 * @param degradedImages    image -> application metric -> the value instances running that image report instead of
 *                          the healthy one (with the same seeded noise), e.g. {@code {"24.04.2": {"http_error_rate": 0.3}}}
 * @param conflictRate      share of writes (model PUT and PATCH, manualupgrade, reimage; 0.0-1.0) answered 409
 *                          {@code OperationNotAllowed}, another operation in progress, as Compute answers while the
 *                          scale set is busy; such a 409 clears, so a client retries it
 */
public record Faults(Set<String> unhealthyImages, Set<String> failingImages, Set<String> failingModelImages,
                     Set<String> failingInstances, double transient5xxRate, long seed, Throttling throttling,
                     long latencyMillis, Map<String, Map<String, Double>> degradedImages, double conflictRate) {

    @JsonCreator
    public Faults {
        unhealthyImages = unhealthyImages == null ? Set.of() : Set.copyOf(unhealthyImages);
        failingImages = failingImages == null ? Set.of() : Set.copyOf(failingImages);
        failingModelImages = failingModelImages == null ? Set.of() : Set.copyOf(failingModelImages);
        failingInstances = failingInstances == null ? Set.of() : Set.copyOf(failingInstances);
        if (transient5xxRate < 0 || transient5xxRate > 1) {
            throw new IllegalArgumentException("transient5xxRate must be between 0.0 and 1.0");
        }
        if (latencyMillis < 0) {
            throw new IllegalArgumentException("latencyMillis must not be negative");
        }
        degradedImages = degradedImages == null ? Map.of() : copyDegraded(degradedImages);
        if (conflictRate < 0 || conflictRate > 1) {
            throw new IllegalArgumentException("conflictRate must be between 0.0 and 1.0");
        }
    }

    /** Without degraded images, as before issue 18. */
    public Faults(Set<String> unhealthyImages, Set<String> failingImages, Set<String> failingModelImages,
                  Set<String> failingInstances, double transient5xxRate, long seed, Throttling throttling,
                  long latencyMillis) {
        this(unhealthyImages, failingImages, failingModelImages, failingInstances, transient5xxRate, seed, throttling,
            latencyMillis, Map.of(), 0);
    }

    private static Map<String, Map<String, Double>> copyDegraded(Map<String, Map<String, Double>> degraded) {
        Map<String, Map<String, Double>> copy = new LinkedHashMap<>();
        degraded.forEach((image, metrics) -> {
            if (image == null || image.isBlank() || metrics == null || metrics.isEmpty()) {
                throw new IllegalArgumentException("degradedImages maps an image to {metric: value}, e.g. "
                    + "{\"24.04.202410010\": {\"http_error_rate\": 0.3}}");
            }
            metrics.forEach((metric, value) -> ApplicationMetric.require(metric).requireValid(value));
            copy.put(image, Map.copyOf(metrics));
        });
        return Map.copyOf(copy);
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

    /** The value a degraded {@code image} reports for {@code metric}; empty when the image is not degraded in it. */
    public OptionalDouble degradedValue(OsImage image, ApplicationMetric metric) {
        return degradedImages.entrySet().stream()
            .filter(entry -> image.matches(entry.getKey()) && entry.getValue().containsKey(metric.metricName()))
            .mapToDouble(entry -> entry.getValue().get(metric.metricName()))
            .findFirst();
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
        private final Map<String, Map<String, Double>> degradedImages = new LinkedHashMap<>();
        private double conflictRate;

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

        /** Instances running {@code image} report {@code value} (plus noise) for {@code metric}. */
        public Builder degradedImage(String image, ApplicationMetric metric, double value) {
            degradedImages.computeIfAbsent(image, any -> new LinkedHashMap<>()).put(metric.metricName(), value);
            return this;
        }

        /** This share of the writes (model PUT and PATCH, manualupgrade, reimage) answered 409: another operation. */
        public Builder conflictRate(double rate) {
            this.conflictRate = rate;
            return this;
        }

        public Faults build() {
            return new Faults(unhealthyImages, failingImages, failingModelImages, failingInstances, transient5xxRate,
                seed, throttling, latencyMillis, degradedImages, conflictRate);
        }
    }
}
