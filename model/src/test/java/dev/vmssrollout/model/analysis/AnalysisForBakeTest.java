package dev.vmssrollout.model.analysis;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisForBakeTest {

    private static final AnalysisCheck ERRORS = new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null,
            null, "< 0.05");
    private static final AnalysisCheck LATENCY = new AnalysisCheck("latency", "prometheus", null, "p99_latency", null,
            "<= baseline * 1.5");

    @Test
    void aBakeKeepsTheChecksAgainstAFixedNumberWithTheirTiming() {
        Analysis analysis = new Analysis(List.of(ERRORS, LATENCY), Duration.ofSeconds(30), 3, InconclusivePolicy.FAIL);

        Analysis bake = analysis.forBake();

        assertThat(bake.checks()).containsExactly(ERRORS);
        assertThat(bake.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(bake.samples()).isEqualTo(3);
        assertThat(bake.onInconclusive()).isEqualTo(InconclusivePolicy.FAIL);
    }

    @Test
    void aBakeHasNoAnalysisWhenEveryCheckNeedsABaseline() {
        assertThat(new Analysis(List.of(LATENCY), null, null, null).forBake()).isNull();
    }
}
