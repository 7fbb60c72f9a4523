package dev.vmssrollout.model.identity;

import java.text.Normalizer;
import java.util.Locale;

/**
 * A person's name as the rules compare it. Names arrive from the API, from a JWT, from the Temporal
 * UI or CLI; "alice", "alice ", "ALICE" and "ａｌｉｃｅ" (fullwidth) are the same person for
 * four-eyes and role checks. The name is normalised once, here: trimmed, Unicode NFKC (which folds
 * compatibility forms such as fullwidth letters and ligatures), then case-folded, and invisible
 * format characters (zero-width space, joiners, BOM) are dropped so they cannot disguise a name.
 *
 * @param display the name as given (trimmed), for messages and the audit log
 * @param key     the normalised form; two identities are the same person when their keys are equal
 */
public record Identity(String display, String key) {

    public Identity {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("an identity needs a non-blank name");
        }
    }

    /** @throws IllegalArgumentException when the name is null or blank after normalisation */
    public static Identity of(String name) {
        if (name == null) {
            throw new IllegalArgumentException("an identity needs a name");
        }
        return new Identity(name.strip(), normalise(name));
    }

    /** True when {@code name} is missing or normalises to nothing. */
    public static boolean isBlank(String name) {
        return name == null || normalise(name).isEmpty();
    }

    /** The same person, whatever spelling either side used; false when {@code other} is blank. */
    public boolean sameAs(String other) {
        return !isBlank(other) && key.equals(normalise(other));
    }

    public boolean sameAs(Identity other) {
        return other != null && key.equals(other.key);
    }

    /** Null-safe comparison of two names as people. */
    public static boolean samePerson(String a, String b) {
        return !isBlank(a) && Identity.of(a).sameAs(b);
    }

    static String normalise(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKC);
        StringBuilder kept = new StringBuilder(folded.length());
        folded.codePoints()
                .filter(cp -> Character.getType(cp) != Character.FORMAT && !Character.isISOControl(cp))
                .forEach(kept::appendCodePoint);
        // Lower-then-upper-then-lower approximates full case folding (e.g. German sharp s, Greek final sigma)
        // without a locale-sensitive surprise such as the Turkish dotless i.
        String lowered = kept.toString().strip().toLowerCase(Locale.ROOT);
        return lowered.toUpperCase(Locale.ROOT).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return display;
    }
}
