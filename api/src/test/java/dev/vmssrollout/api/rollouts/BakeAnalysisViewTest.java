package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.analysis.Analysis;
import dev.vmssrollout.model.analysis.AnalysisCheck;
import dev.vmssrollout.model.analysis.Verdict;
import dev.vmssrollout.model.store.AnalysisStore;
import dev.vmssrollout.model.store.Measurement;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A rollout's view keeps the measurements its release took while the stage baked apart from its waves', and reads
 * measurements only for a plan with an analysis.
 */
class BakeAnalysisViewTest {

    private static final Instant WAVE_ANALYSIS = Fixtures.AT.plusSeconds(60);
    private static final Instant BAKE = Fixtures.AT.plusSeconds(600);

    private final List<String> reads = new ArrayList<>();
    private final AnalysisStore store = new AnalysisStore() {
        @Override
        public List<Measurement> recordSample(String rolloutId, List<Measurement> measurements) {
            throw new UnsupportedOperationException("the API only reads");
        }

        @Override
        public List<Measurement> sample(String rolloutId, int waveIndex, Instant analysisStartedAt, int sample) {
            throw new UnsupportedOperationException("the API reads them all");
        }

        @Override
        public List<Measurement> measurements(String rolloutId) {
            reads.add(rolloutId);
            return List.of(measurement(Measurement.BAKE_WAVE_INDEX, BAKE, 1, Verdict.FAIL),
                    measurement(Measurement.BAKE_WAVE_INDEX, BAKE, 2, Verdict.PASS),
                    measurement(0, WAVE_ANALYSIS, 1, Verdict.PASS));
        }
    };
    private final RolloutViews views = new RolloutViews(new TemporalProperties("localhost:7233", "default", null,
            null, null, null, new TemporalProperties.SearchAttributes(false), Duration.ofSeconds(30),
            Duration.ofSeconds(10)), Optional.empty(),
            new StaticListableBeanFactory(Map.of("analysis", store)).getBeanProvider(AnalysisStore.class));

    @Test
    void theBakesMeasurementsComeAfterTheWavesAndInNoWave() {
        RolloutPlan plan = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"), null, null, null,
                null, false, null, new Analysis(List.of(new AnalysisCheck("errors", "azure-monitor",
                "http_error_rate", null, null, "< 0.05")), null, null, null)).withDefaults();

        RolloutView view = views.view(Fixtures.stored("r-1", plan, RolloutState.SUCCEEDED, "alice", null));

        assertThat(view.bakeAnalysis()).extracting(RolloutView.MeasurementView::sample).containsExactly(1, 2);
        assertThat(view.bakeAnalysis()).extracting(RolloutView.MeasurementView::verdict)
                .containsExactly(Verdict.FAIL, Verdict.PASS);
        assertThat(view.waves().get(0).analysis()).extracting(RolloutView.MeasurementView::analysisStartedAt)
                .containsExactly(WAVE_ANALYSIS);
        assertThat(view.waves().subList(1, view.waves().size()))
                .allSatisfy(wave -> assertThat(wave.analysis()).isEmpty());
        assertThat(reads).containsExactly("r-1");
    }

    @Test
    void aRolloutWithoutAnAnalysisIsReadWithoutAskingForMeasurements() {
        RolloutPlan plan = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"), null, null, null,
                null, false).withDefaults();

        RolloutView view = views.view(Fixtures.stored("r-2", plan, RolloutState.RUNNING, "alice", null));

        assertThat(reads).isEmpty();
        assertThat(view.bakeAnalysis()).isEmpty();
        assertThat(view.waves()).allSatisfy(wave -> assertThat(wave.analysis()).isEmpty());
    }

    private static Measurement measurement(int wave, Instant started, int sample, Verdict verdict) {
        return new Measurement(wave, started, sample, "errors", "azure-monitor", "http_error_rate", started,
                started.plusSeconds(60), Map.of("web_0", 0.01), 0.01, null, "< 0.05", verdict, "errors: 0.01",
                started.plusSeconds(61));
    }
}
