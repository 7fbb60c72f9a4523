package dev.vmssrollout.cli.plan;

import dev.vmssrollout.cli.CliException;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The enumerated values of the plan flags: spelled in lower case with dashes on the command line
 * ({@code update-domain}), sent as the API's constants ({@code UPDATE_DOMAIN}). The API's spelling is
 * accepted too.
 */
final class Choices {

    static final Map<String, String> BY = of("update-domain", "fault-domain", "zone", "batch", "instances");
    static final Map<String, String> APPROVAL = of("none", "first-wave", "every-wave");
    static final Map<String, String> ON_FAILURE = of("pause", "rollback", "abort");

    private Choices() {
    }

    /** The API's constant for {@code value}, or a bad-input error listing the choices. */
    static String resolve(String flag, String value, Map<String, String> choices) {
        String key = value.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        String constant = choices.get(key);
        if (constant == null) {
            throw CliException.badInput(flag + " '" + value + "' is not one of " + String.join(", ", choices.keySet()));
        }
        return constant;
    }

    /** Accepts the CLI spelling and the API's, for plan files; returns null when it is neither. */
    static String normalise(String value, Map<String, String> choices) {
        return choices.get(value.trim().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    private static Map<String, String> of(String... names) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String name : names) {
            map.put(name, name.toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        return map;
    }

    public static final class By implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return BY.keySet().iterator();
        }
    }

    public static final class Approval implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return APPROVAL.keySet().iterator();
        }
    }

    public static final class OnFailure implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return ON_FAILURE.keySet().iterator();
        }
    }
}
