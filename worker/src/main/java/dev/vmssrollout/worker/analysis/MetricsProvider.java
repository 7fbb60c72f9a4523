package dev.vmssrollout.worker.analysis;

import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.analysis.AnalysisCheck;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A source of metric values per VM, configured on the worker under a name that plans refer to. */
public non-sealed interface MetricsProvider extends AnalysisProvider {

    /**
     * The check's metric for each of {@code vmNames} over [from, to]. A VM that reported nothing is absent or null.
     *
     * @throws ProviderException when the provider could not be asked or answered with an error
     */
    Reading read(AnalysisCheck check, ScaleSetRef target, List<String> vmNames, Instant from, Instant to);

    /** What was asked (as sent) and what came back. */
    record Reading(String query, Map<String, Double> values) {
    }

    /** The provider could not answer (or answered nothing usable): the measurement is INCONCLUSIVE. */
    final class ProviderException extends RuntimeException {
        private final String query;

        public ProviderException(String query, String message, Throwable cause) {
            super(message, cause);
            this.query = query;
        }

        public String query() {
            return query;
        }
    }
}
