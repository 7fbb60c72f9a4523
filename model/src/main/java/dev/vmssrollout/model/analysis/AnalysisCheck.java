package dev.vmssrollout.model.analysis;

/**
 * One metric a wave is judged by. {@code provider} names a provider configured on the worker (never a URL);
 * {@code metric} (Azure Monitor) or {@code query} (PromQL) says what to read; {@code aggregation} how each
 * instance's samples are combined (Azure Monitor's Average, Minimum, Maximum, Total or Count); {@code condition} what
 * the wave's value must satisfy, e.g. {@code < 0.05} or {@code <= baseline * 1.5}.
 */
public record AnalysisCheck(String name, String provider, String metric, String query, String aggregation,
                            String condition) {

    public static final String DEFAULT_AGGREGATION = "Average";

    public AnalysisCheck withDefaults() {
        return new AnalysisCheck(name, provider, metric, query, aggregation == null ? DEFAULT_AGGREGATION : aggregation,
                condition);
    }

    /** The parsed condition; call only on a validated check. */
    public Condition parsedCondition() {
        return Condition.parse(condition);
    }
}
