package dev.vmssrollout.model;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * The OS image a scale set model (or one instance) runs: a platform image (publisher, offer, sku,
 * version), a gallery or managed image ({@code id}), or a legacy custom image ({@code osDiskImageUri}).
 * Unused fields are null.
 */
public record Image(String publisher, String offer, String sku, String version, String id, String osDiskImageUri) {

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
