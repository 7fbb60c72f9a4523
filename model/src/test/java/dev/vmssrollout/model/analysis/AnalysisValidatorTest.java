package dev.vmssrollout.model.analysis;

import dev.vmssrollout.model.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AnalysisValidatorTest {

    private static final AnalysisCheck ERRORS = new AnalysisCheck("errors", "azure-monitor", "http_error_rate", null,
            null, "< 0.05");

    @Test
    void acceptsTheIssuesExampleAndFillsDefaults() {
        Analysis analysis = new Analysis(List.of(ERRORS), Duration.ofSeconds(5), 2, null);

        assertThat(AnalysisValidator.validate(analysis, "analysis")).isEmpty();
        Analysis filled = analysis.withDefaults();
        assertThat(filled.onInconclusive()).isEqualTo(InconclusivePolicy.PAUSE);
        assertThat(filled.checks().get(0).aggregation()).isEqualTo("Average");
        assertThat(new Analysis(List.of(ERRORS), null, null, null).withDefaults().interval())
                .isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void namesEveryProblemWithItsField() {
        Analysis analysis = new Analysis(List.of(
                new AnalysisCheck("errors", "https://evil.example/metrics", "http_error_rate", null, "Median", "0.05"),
                new AnalysisCheck("errors", "azure-monitor", "a,b", "up", null, "< baseline"),
                new AnalysisCheck(null, null, null, null, null, null)), Duration.ofMillis(10), 0, null);

        assertThat(fields(AnalysisValidator.validate(analysis, "analysis"))).containsExactlyInAnyOrder(
                "analysis.checks[0].provider: names a provider configured on the worker (such as azure-monitor), never a URL",
                "analysis.checks[0].aggregation: must be one of Average, Minimum, Maximum, Total, Count",
                "analysis.checks[0].condition: '0.05' is not a condition: use <, <=, >, >= or == followed by a number or"
                        + " by baseline (optionally * a factor), e.g. '< 0.05' or '<= baseline * 1.5'",
                "analysis.checks[1].name: 'errors' is used by another check",
                "analysis.checks[1]: give exactly one of metric (Azure Monitor) or query (PromQL)",
                "analysis.checks[1].metric: must be one Azure Monitor metric name (1-256 characters, no comma), such as"
                        + " http_error_rate or Percentage CPU",
                "analysis.checks[2].name: must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit",
                "analysis.checks[2].provider: must name a provider configured on the worker: lower-case letters, digits"
                        + " and '-', such as azure-monitor",
                "analysis.checks[2]: give exactly one of metric (Azure Monitor) or query (PromQL)",
                "analysis.checks[2].condition: is required, e.g. '< 0.05' or '<= baseline * 1.5'",
                "analysis.interval: must be between PT1S and PT1H",
                "analysis.samples: must be between 1 and 100");
    }

    @Test
    void anAnalysisWithoutChecksOrWithANullCheckIsRefused() {
        assertThat(fields(AnalysisValidator.validate(new Analysis(null, null, null, null), "analysis")))
                .singleElement().asString().startsWith("analysis.checks: needs at least one check");
        assertThat(fields(AnalysisValidator.validate(new Analysis(Arrays.asList((AnalysisCheck) null), null, null, null),
                "analysis"))).containsExactly("analysis.checks[0]: must be a check object, not null");
    }

    @Test
    void verdictsCombineToTheWorst() {
        assertThat(Verdict.PASS.and(Verdict.INCONCLUSIVE)).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.INCONCLUSIVE.and(Verdict.FAIL)).isEqualTo(Verdict.FAIL);
        assertThat(Verdict.PASS.and(Verdict.PASS)).isEqualTo(Verdict.PASS);
    }

    private static List<String> fields(List<Violation> violations) {
        return violations.stream().map(Violation::toString).toList();
    }
}
