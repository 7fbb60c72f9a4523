package dev.vmssrollout.api.scalesets;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How {@code GET /api/v1/scalesets/...} spends the scale set's Azure read budget ({@code vmss.api.scale-set-reads.*}).
 * Each read costs about three ARM reads, from the same per-scale-set budget as a running rollout's health polls.
 *
 * @param cacheFor            answer again from the last read this long
 * @param cacheForDuringRollout the same while a rollout of the scale set runs, whose health polls come first
 * @param maxReadsPerUser     reads from Azure one user may cause per {@code per} (cached answers are free)
 * @param per                 the window of {@code maxReadsPerUser}
 */
@ConfigurationProperties("vmss.api.scale-set-reads")
public record ScaleSetReadProperties(@DefaultValue("10s") Duration cacheFor,
                                     @DefaultValue("30s") Duration cacheForDuringRollout,
                                     @DefaultValue("20") int maxReadsPerUser,
                                     @DefaultValue("1m") Duration per) {
}
