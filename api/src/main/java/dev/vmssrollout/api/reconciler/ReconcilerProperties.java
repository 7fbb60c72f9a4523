package dev.vmssrollout.api.reconciler;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * {@code vmss.reconciler.*}: how often the API looks for accepted rollouts whose workflow is missing.
 *
 * @param enabled      run on a schedule; the reconciler can still be called directly when false
 * @param initialDelay after start-up; the first round restarts what was lost while the API was down
 * @param interval     between the end of one round and the start of the next
 * @param startGrace   how long a rollout no workflow run has claimed is left to whoever stored it (the API, or a
 *                     release), which starts its workflow right after storing it; a reconciler that started it too
 *                     would take its claim away
 */
@ConfigurationProperties("vmss.reconciler")
public record ReconcilerProperties(@DefaultValue("true") boolean enabled,
                                   @DefaultValue("0s") Duration initialDelay,
                                   @DefaultValue("30s") Duration interval,
                                   @DefaultValue("60s") Duration startGrace) {
}
