package dev.vmssrollout.simulator;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The application metrics every simulated instance reports while it runs: what a healthy image reports, and the
 * unit Azure Monitor gives. A degraded image ({@link Faults#degradedImages()}) reports another value.
 */
public enum ApplicationMetric {
    HTTP_ERROR_RATE("http_error_rate", "Unspecified", 0.01, 1.0),
    HTTP_LATENCY_MS("http_latency_ms", "MilliSeconds", 120, Double.MAX_VALUE),
    PERCENTAGE_CPU("Percentage CPU", "Percent", 35, 100);

    private final String metricName;
    private final String unit;
    private final double healthyValue;
    private final double maximum;

    ApplicationMetric(String metricName, String unit, double healthyValue, double maximum) {
        this.metricName = metricName;
        this.unit = unit;
        this.healthyValue = healthyValue;
        this.maximum = maximum;
    }

    /** The name Azure Monitor and the Prometheus text use ({@code Percentage CPU} as Azure spells it). */
    public String metricName() {
        return metricName;
    }

    public String unit() {
        return unit;
    }

    public double healthyValue() {
        return healthyValue;
    }

    /** Keeps a noisy value inside what the metric can be (a rate stays within 0-1, CPU within 0-100). */
    public double clamp(double value) {
        return Math.max(0, Math.min(maximum, value));
    }

    /** The Prometheus name: letters, digits and underscores only ({@code percentage_cpu}). */
    public String prometheusName() {
        return metricName.toLowerCase(java.util.Locale.ROOT).replace(' ', '_');
    }

    void requireValid(Double value) {
        if (value == null || !Double.isFinite(value) || value < 0 || value > maximum) {
            throw new IllegalArgumentException("degraded value of " + metricName + " must be a number between 0 and "
                + (maximum == Double.MAX_VALUE ? "any finite number" : maximum) + ", not " + value);
        }
    }

    /** By its Azure Monitor name, ignoring case as Azure does. */
    public static ApplicationMetric require(String name) {
        return Arrays.stream(values()).filter(m -> m.metricName.equalsIgnoreCase(name)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown metric '" + name + "': use one of "
                + Arrays.stream(values()).map(ApplicationMetric::metricName).collect(Collectors.joining(", "))));
    }
}
