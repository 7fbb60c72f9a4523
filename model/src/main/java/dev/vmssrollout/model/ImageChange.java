package dev.vmssrollout.model;

/**
 * What the user asked to change in the model's image. Exactly one shape is allowed:
 * {@code version}; {@code sku} with an optional {@code version} (default "latest");
 * {@code id} (gallery or managed image); or {@code osDiskImageUri} (legacy custom image).
 */
public record ImageChange(String version, String sku, String id, String osDiskImageUri) {

    public enum Kind { VERSION, SKU, ID, OS_DISK_URI }

    public static ImageChange toVersion(String version) {
        return new ImageChange(version, null, null, null);
    }

    public static ImageChange toSku(String sku, String version) {
        return new ImageChange(version, sku, null, null);
    }

    public static ImageChange toId(String id) {
        return new ImageChange(null, null, id, null);
    }

    public static ImageChange toOsDiskImageUri(String uri) {
        return new ImageChange(null, null, null, uri);
    }

    /** The shape of this change; call only on a change that {@link PlanValidator} accepted. */
    public Kind kind() {
        if (id != null) {
            return Kind.ID;
        }
        if (osDiskImageUri != null) {
            return Kind.OS_DISK_URI;
        }
        return sku != null ? Kind.SKU : Kind.VERSION;
    }

    /**
     * The image the model will hold after this change. A version or SKU change keeps the current
     * platform image's publisher and offer, so it needs a platform image to start from.
     */
    public Image applyTo(Image current) {
        return switch (kind()) {
            case ID -> Image.gallery(id);
            case OS_DISK_URI -> Image.osDiskUri(osDiskImageUri);
            case VERSION -> {
                requirePlatform(current, "an image version");
                yield Image.platform(current.publisher(), current.offer(), current.sku(), version);
            }
            case SKU -> {
                requirePlatform(current, "an image SKU");
                yield Image.platform(current.publisher(), current.offer(), sku, version == null ? "latest" : version);
            }
        };
    }

    private static void requirePlatform(Image current, String what) {
        if (current == null || !current.isPlatform()) {
            throw new PlanRejectedException(new Violation("image",
                    "cannot change " + what + " of a scale set that does not run a platform image (it runs "
                            + (current == null ? "no known image" : current)
                            + "); give the new image as 'id' or 'osDiskImageUri' instead"));
        }
    }

    @Override
    public String toString() {
        return switch (kind()) {
            case ID -> "image " + id;
            case OS_DISK_URI -> "OS disk image " + osDiskImageUri;
            case SKU -> "SKU " + sku + (version == null ? "" : " version " + version);
            case VERSION -> "version " + version;
        };
    }
}
