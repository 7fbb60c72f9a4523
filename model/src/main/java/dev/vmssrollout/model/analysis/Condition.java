package dev.vmssrollout.model.analysis;

import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a measured value must satisfy: {@code <op> <number>} or {@code <op> baseline [* <factor>]}, where
 * {@code <op>} is one of {@code < <= > >= ==} and the baseline is the same metric over the instances still on the
 * previous image, measured at the same moment.
 */
public record Condition(Comparison comparison, double constant, boolean againstBaseline, double factor) {

    private static final String NUMBER = "([0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)";
    private static final Pattern SHAPE = Pattern.compile(
            "\\s*(<=|>=|==|<|>)\\s*(?:" + NUMBER + "|baseline(?:\\s*\\*\\s*" + NUMBER + ")?)\\s*");

    public enum Comparison {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("==");

        private final String symbol;

        Comparison(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        boolean holds(double value, double bound) {
            return switch (this) {
                case LT -> value < bound;
                case LE -> value <= bound;
                case GT -> value > bound;
                case GE -> value >= bound;
                case EQ -> value == bound;
            };
        }

        static Comparison of(String symbol) {
            for (Comparison c : values()) {
                if (c.symbol.equals(symbol)) {
                    return c;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /** @throws IllegalArgumentException with the accepted forms, when {@code text} is not one */
    public static Condition parse(String text) {
        Matcher matcher = text == null ? null : SHAPE.matcher(text.toLowerCase(Locale.ROOT));
        if (matcher == null || !matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a condition: use <, <=, >, >= or == followed by"
                    + " a number or by baseline (optionally * a factor), e.g. '< 0.05' or '<= baseline * 1.5'");
        }
        Comparison comparison = Comparison.of(matcher.group(1));
        if (matcher.group(2) != null) {
            return new Condition(comparison, Double.parseDouble(matcher.group(2)), false, 1);
        }
        double factor = matcher.group(3) == null ? 1 : Double.parseDouble(matcher.group(3));
        return new Condition(comparison, 0, true, factor);
    }

    /** The bound the value is compared with; empty when it needs a baseline that is missing or not a number. */
    public OptionalDouble bound(OptionalDouble baseline) {
        if (!againstBaseline) {
            return OptionalDouble.of(constant);
        }
        if (baseline.isEmpty() || !Double.isFinite(baseline.getAsDouble())) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(baseline.getAsDouble() * factor);
    }

    public boolean holds(double value, double bound) {
        return comparison.holds(value, bound);
    }

    @Override
    public String toString() {
        return comparison.symbol + " " + (againstBaseline ? (factor == 1 ? "baseline" : "baseline * " + factor)
                : String.valueOf(constant));
    }
}
