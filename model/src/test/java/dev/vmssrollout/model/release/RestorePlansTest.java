package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutPlan;
import org.junit.jupiter.api.Test;

import static dev.vmssrollout.model.release.ReleasePlanFixture.aRelease;
import static dev.vmssrollout.model.release.ReleasePlanFixture.scaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RestorePlansTest {

    private static final Image OLD = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    private static final Image NEW = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010");

    private final ReleasePlan release = aRelease().stage("canary", 1, scaleSet("web-1", "eastus")).build();
    private final RolloutPlan upgrade = release.rolloutFor(release.stages().get(0),
            release.stages().get(0).scaleSets().get(0));

    @Test
    void putsThePreviousVersionBackWithoutApprovalOrSchedule() {
        RolloutPlan restore = RestorePlans.restoring(upgrade, OLD, NEW);

        assertThat(restore.target()).isEqualTo(upgrade.target());
        assertThat(restore.image()).isEqualTo(ImageChange.toVersion("24.04.202409010"));
        assertThat(restore.image().applyTo(NEW)).isEqualTo(OLD);
        assertThat(restore.approval()).isEqualTo(ApprovalMode.NONE);
        assertThat(restore.onFailure()).isEqualTo(FailurePolicy.ABORT);
        assertThat(restore.schedule()).isNull();
    }

    @Test
    void putsThePreviousSkuBackAndGalleryImagesById() {
        Image older = Image.platform("Canonical", "ubuntu-24_04-lts", "minimal", "24.04.202409010");
        assertThat(RestorePlans.restoring(upgrade, older, NEW).image().applyTo(NEW)).isEqualTo(older);

        Image gallery = Image.gallery("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/i");
        assertThat(RestorePlans.restoring(upgrade, gallery, NEW).image()).isEqualTo(ImageChange.toId(gallery.id()));
    }

    @Test
    void refusesAPlatformImageOfAnotherOfferThanTheScaleSetRunsNow() {
        Image otherOffer = Image.platform("Canonical", "ubuntu-22_04-lts", "server", "22.04.202409010");

        assertThatThrownBy(() -> RestorePlans.restoring(upgrade, otherOffer, NEW))
                .isInstanceOf(PlanRejectedException.class).hasMessageContaining("roll it back by hand");
    }
}
