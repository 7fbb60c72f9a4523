package dev.vmssrollout.cli.plan;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as the API wants them (ISO-8601, {@code PT30S}), also accepted in the short form
 * {@code 30s}, {@code 1h30m}, {@code 500ms}.
 */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(?:(\\d+)h)?(?:(\\d+)m)?(?:(\\d+)s)?(?:(\\d+)ms)?");

    private Durations() {
    }

    /** The ISO-8601 form of {@code text}, or null when it is neither ISO-8601 nor a short form. */
    public static String iso(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return null;
        }
        try {
            return Duration.parse(trimmed.toUpperCase(Locale.ROOT)).toString();
        } catch (DateTimeParseException e) {
            // not ISO-8601: maybe the short form
        }
        Matcher matcher = SHORT.matcher(trimmed.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return null;
        }
        try {
            return Duration.ofHours(number(matcher.group(1)))
                    .plusMinutes(number(matcher.group(2)))
                    .plusSeconds(number(matcher.group(3)))
                    .plusMillis(number(matcher.group(4)))
                    .toString();
        } catch (ArithmeticException | NumberFormatException e) {
            return null; // too large to be meant
        }
    }

    private static long number(String group) {
        return group == null ? 0 : Long.parseLong(group);
    }
}
