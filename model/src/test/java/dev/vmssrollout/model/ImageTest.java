package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Locale;
import java.util.stream.Stream;

import static dev.vmssrollout.model.TestImages.CURRENT;
import static dev.vmssrollout.model.TestImages.GALLERY_IMAGE_ID;
import static dev.vmssrollout.model.TestImages.TARGET;
import static dev.vmssrollout.model.TestImages.TARGET_OTHER_CASE;
import static dev.vmssrollout.model.TestImages.VHD_URI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ImageTest {

    static Stream<Arguments> sameImagesInAnotherCase() {
        return Stream.of(
                arguments(TARGET, TARGET_OTHER_CASE),
                arguments(Image.platform("Canonical", "ubuntu-24_04-lts", "server", "latest"),
                        Image.platform("canonical", "UBUNTU-24_04-LTS", "SERVER", "Latest")),
                arguments(Image.gallery(GALLERY_IMAGE_ID), Image.gallery(GALLERY_IMAGE_ID.toUpperCase(Locale.ROOT))),
                arguments(Image.osDiskUri(VHD_URI), Image.osDiskUri(VHD_URI.replace("vhds", "VHDS"))));
    }

    @ParameterizedTest
    @MethodSource("sameImagesInAnotherCase")
    void isTheSameImageWhateverTheCase(Image a, Image b) {
        assertThat(a.sameAs(b)).isTrue();
        assertThat(b.sameAs(a)).isTrue();
    }

    static Stream<Arguments> differentImages() {
        return Stream.of(
                arguments(CURRENT, TARGET),
                arguments(TARGET, Image.platform("Canonical", "ubuntu-24_04-lts", "server-arm64", TARGET.version())),
                arguments(TARGET, Image.platform("MicrosoftCBLMariner", "ubuntu-24_04-lts", "server", TARGET.version())),
                arguments(TARGET, Image.gallery(GALLERY_IMAGE_ID)),
                arguments(Image.gallery(GALLERY_IMAGE_ID), Image.gallery(GALLERY_IMAGE_ID.replace("1.2.3", "1.2.4"))),
                arguments(Image.gallery(GALLERY_IMAGE_ID), Image.osDiskUri(GALLERY_IMAGE_ID)),
                arguments(TARGET, Image.platform("Canonical", "ubuntu-24_04-lts", "server", null)));
    }

    @ParameterizedTest
    @MethodSource("differentImages")
    void isNotTheSameImageWhenAnyPartDiffers(Image a, Image b) {
        assertThat(a.sameAs(b)).isFalse();
        assertThat(b.sameAs(a)).isFalse();
    }

    @Test
    void isNeverTheSameAsNoImage() {
        assertThat(TARGET.sameAs(null)).isFalse();
    }

    @Test
    void comparesCaseInsensitivelyUnderATurkishDefaultLocale() {
        // ARM may echo a resource group in upper case inside a resource ID.
        Image asGiven = Image.gallery(GALLERY_IMAGE_ID);
        Image asArmEchoesIt = Image.gallery(GALLERY_IMAGE_ID.replace("images-rg", "IMAGES-RG"));
        Locale before = Locale.getDefault();
        try {
            // There "I".toLowerCase() is a dotless "ı", so lower-casing both sides is not enough.
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));

            assertThat(asGiven.sameAs(asArmEchoesIt)).isTrue();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void onlyAnImageWithoutIdOrUriIsAPlatformImage() {
        assertThat(CURRENT.isPlatform()).isTrue();
        assertThat(Image.gallery(GALLERY_IMAGE_ID).isPlatform()).isFalse();
        assertThat(Image.osDiskUri(VHD_URI).isPlatform()).isFalse();
    }

    @Test
    void printsAsArmNamesIt() {
        assertThat(CURRENT).hasToString("Canonical:ubuntu-24_04-lts:server:24.04.202409010");
        assertThat(Image.gallery(GALLERY_IMAGE_ID)).hasToString(GALLERY_IMAGE_ID);
        assertThat(Image.osDiskUri(VHD_URI)).hasToString(VHD_URI);
    }

    @Test
    void anExactVersionFulfilsAFloatingModelOfTheSameSkuOnly() {
        Image latest = Image.platform("Canonical", "ubuntu-24_04-lts", "server", Image.LATEST);
        Image exact = Image.platform("canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");

        assertThat(latest.isFloating()).isTrue();
        assertThat(exact.isFloating()).isFalse();
        assertThat(exact.fulfils(latest)).isTrue();
        assertThat(Image.platform("Canonical", "ubuntu-24_04-lts", "minimal", "24.04.1").fulfils(latest)).isFalse();
        assertThat(latest.fulfils(exact)).as("a floating image says nothing about a version").isFalse();
        assertThat(latest.pinnedTo("24.04.202409010")).isEqualTo(
                Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010"));
    }

    @Test
    void aGalleryImageWithoutVersionFloatsAndIsPinnedToOneVersion() {
        Image definition = Image.gallery("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/galleries/g/images/web");
        Image version = definition.pinnedTo("1.0.7");

        assertThat(definition.isFloating()).isTrue();
        assertThat(version.id()).endsWith("/images/web/versions/1.0.7");
        assertThat(version.isFloating()).isFalse();
        assertThat(version.fulfils(definition)).isTrue();
        assertThat(Image.gallery(definition.id() + "2/versions/1.0.7").fulfils(definition)).isFalse();
    }
}
