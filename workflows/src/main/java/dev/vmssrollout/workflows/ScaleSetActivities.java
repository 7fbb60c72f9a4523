package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.ScaleSetRef;
import io.temporal.activity.ActivityInterface;

import java.time.Instant;
import java.util.List;

/**
 * Azure Resource Manager, as a rollout needs it. Every method is idempotent: a retry after a
 * crash finds the work done and does nothing. Failures carry Azure's error code; those that
 * retrying cannot fix are thrown as non-retryable {@link RolloutFailure}s.
 */
@ActivityInterface
public interface ScaleSetActivities {

    ScaleSetModel readModel(ScaleSetRef scaleSet);

    /**
     * The image the model holds (null when it names none), from one scale set GET: what a drift check needs, without
     * {@link #readModel}'s second read (the latest rolling upgrade), which Compute counts against the same budget.
     */
    Image readModelImage(ScaleSetRef scaleSet);

    /** Every instance with its instance view, from one paged VM-list call. */
    List<Instance> listInstances(ScaleSetRef scaleSet);

    /**
     * Puts {@code image} into the model whatever it holds now (as {@link #patchModelImage} with no expectation);
     * returns false when the model held it already. Rollouts started before MODEL_PATCH and rollbacks before the
     * census call it.
     */
    boolean updateModelImage(ScaleSetRef scaleSet, Image image);

    /**
     * Puts {@code image} into the model with a PATCH of the storage profile alone (nothing else is
     * sent, so nothing else is overwritten, and no permission on linked resources is needed), sent
     * If-Match {@code etag} (read earlier; null: read now). Returns false when the model held it
     * already. A 412 means someone else changed the model: it is read again and decided again.
     * While it still holds {@code expected} (or null: any image) the PATCH goes again with the new
     * ETag; when it holds another image the update is refused as {@link RolloutFailure#MODEL_CHANGED}.
     */
    boolean patchModelImage(ScaleSetRef scaleSet, Image expected, Image image, String etag);

    /** Sets upgradePolicy.mode (Manual, Automatic, Rolling) with a PATCH of it alone; nothing when it is already set. */
    void setUpgradePolicy(ScaleSetRef scaleSet, String mode);

    /**
     * Sends one manualupgrade for the instances not yet on the latest model and returns once Azure
     * accepted it; {@link #awaitWaveHealthy} then follows each instance to the end of its upgrade.
     * Instances already upgrading or upgraded (a retry after a crash) are left alone.
     */
    void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds);

    /**
     * Polls the wave's instances, one VM-list call per poll, until all run the latest model and
     * have been healthy for {@code health.minReady()}, until more than
     * {@code health.maxUnhealthyPercent()} of them are unhealthy or failed, or until {@code deadline}.
     * An unhealthy verdict is returned only once none of the wave's instances is still upgrading or
     * booting: whatever comes next (an accepted failure, the next wave) must find the wave's capacity back.
     */
    WaveHealth awaitWaveHealthy(ScaleSetRef scaleSet, List<String> instanceIds, HealthPolicy health, Instant deadline);
}
