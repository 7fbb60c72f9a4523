package dev.vmssrollout.model;

/** Images the tests roll from and to; the demo scale set's image is the one most of them run. */
final class TestImages {

    static final Image CURRENT = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final Image TARGET = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410020");
    /** The target as ARM may echo it back, in another case: the same image. */
    static final Image TARGET_OTHER_CASE = Image.platform("CANONICAL", "Ubuntu-24_04-LTS", "Server", "24.04.202410020");

    static final String GALLERY_IMAGE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/images-rg"
            + "/providers/Microsoft.Compute/galleries/golden/images/web/versions/1.2.3";
    static final String MANAGED_IMAGE_ID = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/images-rg"
            + "/providers/Microsoft.Compute/images/web-2024-10";
    static final String VHD_URI = "https://images.blob.core.windows.net/vhds/web-2024-10.vhd";

    private TestImages() {
    }
}
