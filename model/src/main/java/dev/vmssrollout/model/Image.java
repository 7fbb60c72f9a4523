package dev.vmssrollout.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The OS image a scale set model (or one instance) runs: a platform image (publisher, offer, sku,
 * version), a gallery or managed image ({@code id}), or a legacy custom image ({@code osDiskImageUri}).
 * Unused fields are null.
 */
public record Image(String publisher, String offer, String sku, String version, String id, String osDiskImageUri) {

    /** The platform image version that means "whatever is newest when Azure resolves it". */
    public static final String LATEST = "latest";

    public static Image platform(String publisher, String offer, String sku, String version) {
        return new Image(publisher, offer, sku, version, null, null);
    }

    public static Image gallery(String id) {
        return new Image(null, null, null, null, id, null);
    }

    public static Image osDiskUri(String uri) {
        return new Image(null, null, null, null, null, uri);
    }

    @JsonIgnore // derived, not data: a JSON "platform" property could not be read back
    public boolean isPlatform() {
        return id == null && osDiskImageUri == null;
    }

    /** Image references in ARM are case-insensitive: "Canonical" and "canonical" name the same publisher. */
    public boolean sameAs(Image other) {
        return other != null
                && equalsIgnoreCase(publisher, other.publisher)
                && equalsIgnoreCase(offer, other.offer)
                && equalsIgnoreCase(sku, other.sku)
                && equalsIgnoreCase(version, other.version)
                && equalsIgnoreCase(id, other.id)
                && equalsIgnoreCase(osDiskImageUri, other.osDiskImageUri);
    }

    /**
     * Whether this image names a moving target: a platform image at version {@code latest}, or a
     * gallery image definition without {@code /versions/}. Azure resolves it when an instance is
     * created or upgraded, so it says nothing about what an instance runs.
     */
    @JsonIgnore
    public boolean isFloating() {
        if (id != null) {
            return !id.toLowerCase(java.util.Locale.ROOT).contains("/versions/");
        }
        return osDiskImageUri == null && LATEST.equalsIgnoreCase(version);
    }

    /**
     * Whether an instance running this image runs what {@code model} asks for: the same image, or,
     * when the model floats ({@link #isFloating()}), one version of it.
     */
    public boolean fulfils(Image model) {
        if (sameAs(model)) {
            return true;
        }
        if (model == null || !model.isFloating()) {
            return false;
        }
        if (model.id != null) {
            return id != null && id.regionMatches(true, 0, model.id + "/versions/", 0, model.id.length() + 10);
        }
        return isPlatform() && equalsIgnoreCase(publisher, model.publisher) && equalsIgnoreCase(offer, model.offer)
                && equalsIgnoreCase(sku, model.sku);
    }

    /** This image with the exact version an instance ran in place of a floating one. */
    public Image pinnedTo(String exactVersion) {
        if (exactVersion == null || exactVersion.isBlank() || !isFloating()) {
            return this;
        }
        return id != null ? gallery(id + "/versions/" + exactVersion) : platform(publisher, offer, sku, exactVersion);
    }

    private static boolean equalsIgnoreCase(String a, String b) {
        // Not toLowerCase(): under a Turkish default locale "IMAGES-RG" lowers to "ımages-rg", not "images-rg".
        return a == null ? b == null : a.equalsIgnoreCase(b);
    }

    @Override
    public String toString() {
        if (id != null) {
            return id;
        }
        if (osDiskImageUri != null) {
            return osDiskImageUri;
        }
        return publisher + ":" + offer + ":" + sku + ":" + version;
    }
}
