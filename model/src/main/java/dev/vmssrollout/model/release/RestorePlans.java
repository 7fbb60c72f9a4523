package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Violation;

/**
 * The rollout that puts a scale set's previous image back when its release is rolled back: the scale set's plan
 * with the image it ran before the release. No approval and no schedule: the operator who asked for the rollback
 * decided already.
 */
public final class RestorePlans {

    private RestorePlans() {
    }

    /**
     * @param upgrade  the plan the release upgraded the scale set with
     * @param previous what the scale set ran before (the upgrade rollout's recorded baseline)
     * @param target   the image the upgrade moved it to
     * @throws PlanRejectedException when an image change cannot say the previous image (a platform image of another
     *                               publisher or offer than the one the scale set runs now)
     */
    public static RolloutPlan restoring(RolloutPlan upgrade, Image previous, Image target) {
        return new RolloutPlan(upgrade.target(), changeBackTo(previous, target), upgrade.strategy(), ApprovalMode.NONE,
                upgrade.health(), FailurePolicy.ABORT, upgrade.allowPolicySwitch(), null, null).withDefaults();
    }

    private static ImageChange changeBackTo(Image previous, Image target) {
        if (previous.id() != null) {
            return ImageChange.toId(previous.id());
        }
        if (previous.osDiskImageUri() != null) {
            return ImageChange.toOsDiskImageUri(previous.osDiskImageUri());
        }
        // A version or SKU change keeps the publisher and offer the model holds now, i.e. the target's.
        if (target == null || !target.isPlatform() || !previous.publisher().equalsIgnoreCase(target.publisher())
                || !previous.offer().equalsIgnoreCase(target.offer())) {
            throw new PlanRejectedException(new Violation("image", "cannot put " + previous + " back on a scale set"
                    + " that now runs " + target + ": roll it back by hand"));
        }
        return previous.sku().equalsIgnoreCase(target.sku()) ? ImageChange.toVersion(previous.version())
                : ImageChange.toSku(previous.sku(), previous.version());
    }
}
