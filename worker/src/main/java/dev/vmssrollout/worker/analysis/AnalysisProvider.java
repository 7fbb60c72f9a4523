package dev.vmssrollout.worker.analysis;

/**
 * Something configured on the worker, under a name plans refer to, that measures a wave: either it reports values
 * per VM that the worker judges ({@link MetricsProvider}), or it judges the wave itself ({@link VerdictProvider}).
 */
public sealed interface AnalysisProvider permits MetricsProvider, VerdictProvider {
}
