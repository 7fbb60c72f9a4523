package dev.vmssrollout.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OsImageTest {
    private static final OsImage PLATFORM = ScaleSetFixture.UBUNTU_2409;

    @Test
    void acceptsExactlyOneOfPlatformGalleryAndCustomUri() {
        assertThat(PLATFORM.kind()).isEqualTo(OsImage.Kind.PLATFORM);
        assertThat(OsImage.gallery("/subscriptions/s/images/i").kind()).isEqualTo(OsImage.Kind.GALLERY);
        assertThat(OsImage.customUri("https://x/y.vhd").kind()).isEqualTo(OsImage.Kind.CUSTOM_URI);
        assertThatThrownBy(() -> OsImage.of("Canonical", "o", "s", "1", "/images/i", null))
            .hasMessageContaining("only one");
        assertThatThrownBy(() -> OsImage.of(null, null, null, null, null, null)).hasMessageContaining("needs");
    }

    @Test
    void refusesIncompleteOrEmptyPlatformReferences() {
        assertThatThrownBy(() -> OsImage.platform("Canonical", "o", "s", "")).hasMessageContaining("version");
        assertThatThrownBy(() -> OsImage.of("Canonical", "o", null, "1", null, null)).hasMessageContaining("sku");
    }

    @Test
    void faultEntriesMatchVersionUrnIdOrUriIgnoringCase() {
        assertThat(PLATFORM.matches("24.04.202409010")).isTrue();
        assertThat(PLATFORM.matches("canonical:ubuntu-24_04-lts:server:24.04.202409010")).isTrue();
        assertThat(PLATFORM.matches("server")).isFalse();
        assertThat(OsImage.gallery("/Images/Golden").matches("/images/golden")).isTrue();
    }
}
