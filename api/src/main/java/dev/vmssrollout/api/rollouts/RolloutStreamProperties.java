package dev.vmssrollout.api.rollouts;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * Live rollout streams ({@code vmss.api.streams.*}).
 *
 * @param pollInterval how often the database is read for each watched rollout
 * @param heartbeat    how often an idle stream gets a comment line, so that a closed connection is noticed
 * @param timeout      how long one stream lasts; the browser's EventSource then reconnects by itself
 * @param maxStreams   streams open at once; one more is refused with 503 (the dashboard then polls)
 * @param maxStreamsPerUser streams one user may hold open at once, so that one user (or one stolen session) cannot
 *                     take them all; one more is refused with 429
 */
@ConfigurationProperties("vmss.api.streams")
public record RolloutStreamProperties(@DefaultValue("500ms") Duration pollInterval,
                                      @DefaultValue("15s") Duration heartbeat,
                                      @DefaultValue("30m") Duration timeout,
                                      @DefaultValue("200") int maxStreams,
                                      @DefaultValue("20") int maxStreamsPerUser) {
}
