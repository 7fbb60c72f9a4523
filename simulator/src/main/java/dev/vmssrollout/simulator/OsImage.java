package dev.vmssrollout.simulator;

import java.util.Locale;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The OS image of a scale set model or of one instance: a platform image (publisher, offer, sku, version),
 * a gallery or managed image ({@code imageReference.id}), or a legacy custom image ({@code osDisk.image.uri}).
 * Exactly one of the three forms is set; {@link #of} refuses anything else.
 */
public record OsImage(String publisher, String offer, String sku, String version, String id, String customUri) {

    public OsImage {
        validate(publisher, offer, sku, version, id, customUri);
    }

    public static OsImage platform(String publisher, String offer, String sku, String version) {
        return new OsImage(publisher, offer, sku, version, null, null);
    }

    public static OsImage gallery(String id) {
        return new OsImage(null, null, null, null, id, null);
    }

    public static OsImage customUri(String uri) {
        return new OsImage(null, null, null, null, null, uri);
    }

    /** Same as the canonical constructor; reads better where the form is not known in advance. */
    public static OsImage of(String publisher, String offer, String sku, String version, String id, String customUri) {
        return new OsImage(publisher, offer, sku, version, id, customUri);
    }

    /** Which of the three forms this image takes. */
    public enum Kind { PLATFORM, GALLERY, CUSTOM_URI }

    public Kind kind() {
        if (publisher != null) {
            return Kind.PLATFORM;
        }
        return id != null ? Kind.GALLERY : Kind.CUSTOM_URI;
    }

    /** {@code publisher:offer:sku:version} (the az CLI URN) for platform images, else the id or URI. */
    public String label() {
        return switch (kind()) {
            case PLATFORM -> String.join(":", publisher, offer, sku, version);
            case GALLERY -> id;
            case CUSTOM_URI -> customUri;
        };
    }

    /** Whether a fault entry names this image: by version, id, URI or full URN, ignoring case. */
    public boolean matches(String faultEntry) {
        return Stream.of(version, id, customUri, kind() == Kind.PLATFORM ? label() : null)
            .filter(Objects::nonNull)
            .anyMatch(value -> value.equalsIgnoreCase(faultEntry));
    }

    /** A short OS name for instance views, e.g. {@code ubuntu}. */
    public String osName() {
        return kind() == Kind.PLATFORM ? offer.toLowerCase(Locale.ROOT).replaceFirst("^0001-com-", "") : "linux";
    }

    private static void validate(String publisher, String offer, String sku, String version, String id, String customUri) {
        boolean anyPlatform = Stream.of(publisher, offer, sku, version).anyMatch(Objects::nonNull);
        long forms = Stream.of(anyPlatform, id != null, customUri != null).filter(Boolean::booleanValue).count();
        if (forms == 0) {
            throw new IllegalArgumentException("The image needs imageReference.publisher/offer/sku/version, "
                + "imageReference.id or osDisk.image.uri");
        }
        if (forms > 1) {
            throw new IllegalArgumentException("The image may set only one of imageReference.publisher/offer/sku/version, "
                + "imageReference.id and osDisk.image.uri");
        }
        if (anyPlatform) {
            requireText(publisher, "imageReference.publisher");
            requireText(offer, "imageReference.offer");
            requireText(sku, "imageReference.sku");
            requireText(version, "imageReference.version");
        } else if (id != null) {
            requireText(id, "imageReference.id");
        } else {
            requireText(customUri, "osDisk.image.uri");
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("Required parameter '" + field + "' is missing or empty");
        }
    }
}
