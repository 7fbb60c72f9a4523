package dev.vmssrollout.model.store;

import java.time.Instant;
import java.util.List;

/** The evidence of metric analyses, kept with the rollout's waves. */
public interface AnalysisStore {

    /**
     * Stores one sample's measurements unless that sample (rollout, wave, analysis start, sample number) is already
     * stored, and answers what is stored for it: a measuring activity retried after a crash neither loses nor
     * duplicates a measurement, and reports the first one.
     */
    List<Measurement> recordSample(String rolloutId, List<Measurement> measurements);

    /** The stored measurements of one sample, empty when none is. */
    List<Measurement> sample(String rolloutId, int waveIndex, Instant analysisStartedAt, int sample);

    /** Every measurement of the rollout, by wave, analysis, sample and check. */
    List<Measurement> measurements(String rolloutId);
}
