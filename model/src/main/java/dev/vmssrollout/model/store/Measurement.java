package dev.vmssrollout.model.store;

import dev.vmssrollout.model.analysis.Verdict;

import java.time.Instant;
import java.util.Map;

/**
 * One measurement of one analysis check for one wave: the evidence of why a gate decided what it did.
 *
 * @param analysisStartedAt when the wave's analysis began (a retried wave is analysed again, under a new time)
 * @param sample            1-based number of the measurement within that analysis
 * @param query             what was sent to the provider, as sent
 * @param from              start of the time range measured
 * @param to                end of the time range measured
 * @param instanceValues    VM name to its value; null where the instance reported nothing (wave and baseline)
 * @param value             the wave's value (mean over its instances); null when unknown
 * @param baseline          the same metric over the instances still on the previous image; null when unknown
 * @param condition         the check's condition, e.g. {@code <= baseline * 1.5}
 * @param reason            in words: the comparison made, or why none could be
 */
public record Measurement(int waveIndex, Instant analysisStartedAt, int sample, String check, String provider,
                          String query, Instant from, Instant to, Map<String, Double> instanceValues, Double value,
                          Double baseline, String condition, Verdict verdict, String reason, Instant measuredAt) {

    /**
     * The wave index of the measurements a release takes of a scale set while its stage bakes, after the rollout's
     * last wave: kept with that rollout's evidence.
     */
    public static final int BAKE_WAVE_INDEX = -1;
}
