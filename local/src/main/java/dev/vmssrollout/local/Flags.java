package dev.vmssrollout.local;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} and {@code --name=value} command-line flags, with the environment as fallback. */
final class Flags {

    private Flags() {
    }

    /** @throws IllegalArgumentException on an unknown flag or a flag without its value */
    static Map<String, String> parse(String[] args, String... known) {
        Set<String> names = Set.of(known);
        Map<String, String> flags = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            int equals = arg.indexOf('=');
            String name = equals > 0 ? arg.substring(0, equals) : arg;
            if (!names.contains(name)) {
                throw new IllegalArgumentException("unknown option " + name);
            }
            if (equals > 0) {
                flags.put(name, arg.substring(equals + 1));
            } else if (i + 1 < args.length) {
                flags.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("missing value for " + name);
            }
        }
        return flags;
    }

    record Source(Map<String, String> flags, Map<String, String> env) {

        String text(String flag, String variable, String fallback) {
            String value = flags.get(flag);
            if (value == null && variable != null) {
                value = env.get(variable);
            }
            return value == null || value.isBlank() ? fallback : value.trim();
        }

        int integer(String flag, String variable, int fallback) {
            String value = text(flag, variable, null);
            if (value == null) {
                return fallback;
            }
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + (variable != null ? " (" + variable + ")" : "")
                        + " needs a number, not '" + value + "'");
            }
        }
    }
}
