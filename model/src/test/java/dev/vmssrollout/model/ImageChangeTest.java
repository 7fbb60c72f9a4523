package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.vmssrollout.model.TestImages.CURRENT;
import static dev.vmssrollout.model.TestImages.GALLERY_IMAGE_ID;
import static dev.vmssrollout.model.TestImages.MANAGED_IMAGE_ID;
import static dev.vmssrollout.model.TestImages.VHD_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ImageChangeTest {

    @Test
    void versionChangeKeepsPublisherOfferAndSku() {
        Image next = ImageChange.toVersion("24.04.202410020").applyTo(CURRENT);

        assertThat(next).isEqualTo(Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410020"));
    }

    @Test
    void skuChangeKeepsPublisherAndOfferAndDefaultsVersionToLatest() {
        Image next = ImageChange.toSku("server-gen1", null).applyTo(CURRENT);

        assertThat(next).isEqualTo(Image.platform("Canonical", "ubuntu-24_04-lts", "server-gen1", "latest"));
    }

    @Test
    void skuChangeUsesTheVersionGiven() {
        Image next = ImageChange.toSku("server-gen1", "24.04.202410020").applyTo(CURRENT);

        assertThat(next).isEqualTo(Image.platform("Canonical", "ubuntu-24_04-lts", "server-gen1", "24.04.202410020"));
    }

    static Stream<Arguments> replacingChanges() {
        Image gallery = Image.gallery(GALLERY_IMAGE_ID);
        return Stream.of(
                arguments(ImageChange.toId(MANAGED_IMAGE_ID), CURRENT, Image.gallery(MANAGED_IMAGE_ID)),
                arguments(ImageChange.toId(GALLERY_IMAGE_ID), CURRENT, gallery),
                arguments(ImageChange.toId(MANAGED_IMAGE_ID), gallery, Image.gallery(MANAGED_IMAGE_ID)),
                arguments(ImageChange.toOsDiskImageUri(VHD_URI), CURRENT, Image.osDiskUri(VHD_URI)),
                arguments(ImageChange.toOsDiskImageUri(VHD_URI), gallery, Image.osDiskUri(VHD_URI)));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("replacingChanges")
    void idAndUriChangesReplaceWhateverImageRanBefore(ImageChange change, Image current, Image expected) {
        Image next = change.applyTo(current);

        assertThat(next).isEqualTo(expected);
        assertThat(next.publisher()).isNull();
        assertThat(next.sku()).isNull();
    }

    static Stream<Arguments> changesThatNeedAPlatformImage() {
        return Stream.of(
                arguments(ImageChange.toVersion("1.2.3"), Image.gallery(GALLERY_IMAGE_ID), "an image version", GALLERY_IMAGE_ID),
                arguments(ImageChange.toSku("server-gen1", null), Image.gallery(GALLERY_IMAGE_ID), "an image SKU", GALLERY_IMAGE_ID),
                arguments(ImageChange.toVersion("1.2.3"), Image.osDiskUri(VHD_URI), "an image version", VHD_URI),
                arguments(ImageChange.toSku("server-gen1", "1.2.3"), Image.osDiskUri(VHD_URI), "an image SKU", VHD_URI),
                arguments(ImageChange.toVersion("1.2.3"), null, "an image version", "no known image"));
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("changesThatNeedAPlatformImage")
    void versionOrSkuChangeOfANonPlatformImageIsRefusedSuggestingId(ImageChange change, Image current,
                                                                   String what, String runs) {
        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class, () -> change.applyTo(current));

        assertThat(rejected.violations()).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo("image");
            assertThat(v.message()).contains("cannot change " + what)
                    .contains("does not run a platform image")
                    .contains("it runs " + runs)
                    .contains("give the new image as 'id'");
        });
    }

    @Test
    void knowsItsKind() {
        assertThat(ImageChange.toVersion("1.2.3").kind()).isEqualTo(ImageChange.Kind.VERSION);
        assertThat(ImageChange.toSku("server", null).kind()).isEqualTo(ImageChange.Kind.SKU);
        assertThat(ImageChange.toSku("server", "1.2.3").kind()).isEqualTo(ImageChange.Kind.SKU);
        assertThat(ImageChange.toId(GALLERY_IMAGE_ID).kind()).isEqualTo(ImageChange.Kind.ID);
        assertThat(ImageChange.toOsDiskImageUri(VHD_URI).kind()).isEqualTo(ImageChange.Kind.OS_DISK_URI);
    }

    @Test
    void describesItselfForTheEventLog() {
        assertThat(ImageChange.toVersion("1.2.3")).hasToString("version 1.2.3");
        assertThat(ImageChange.toSku("server", null)).hasToString("SKU server");
        assertThat(ImageChange.toSku("server", "1.2.3")).hasToString("SKU server version 1.2.3");
        assertThat(ImageChange.toId(GALLERY_IMAGE_ID)).hasToString("image " + GALLERY_IMAGE_ID);
        assertThat(ImageChange.toOsDiskImageUri(VHD_URI)).hasToString("OS disk image " + VHD_URI);
    }
}
