package dev.vmssrollout.cli.render;

import java.nio.charset.Charset;
import java.util.Map;

/**
 * What stdout is.
 *
 * @param interactive a terminal that understands cursor movement: the live view redraws in place
 * @param colour      ANSI colours are welcome (an interactive terminal, and NO_COLOR not set)
 * @param unicode     block characters can be encoded in the terminal's charset
 * @param width       columns to wrap heatmap rows at
 * @param height      rows a redrawn frame may fill; 0 when unknown
 */
public record Terminal(boolean interactive, boolean colour, boolean unicode, int width, int height) {

    static final int DEFAULT_WIDTH = 100;
    private static final int MIN_WIDTH = 40;

    /** The terminal's size in columns and rows, as far as it can be found out; 0 for what cannot. */
    public record Size(int columns, int rows) {
        public static final Size UNKNOWN = new Size(0, 0);
    }

    /** A pipe or file: plain text, appended, never redrawn. */
    public static Terminal plain() {
        return new Terminal(false, false, false, DEFAULT_WIDTH, 0);
    }

    public static Terminal colour(int width) {
        return new Terminal(true, true, true, width, 0);
    }

    /**
     * @param size the terminal's own idea of its size (a COLUMNS variable wins, as it does for other tools)
     */
    public static Terminal detect(boolean console, Map<String, String> env, Charset charset, Size size) {
        boolean interactive = console && !"dumb".equals(env.get("TERM"));
        // https://no-color.org: set and not empty means no colour.
        String noColor = env.get("NO_COLOR");
        boolean colour = interactive && (noColor == null || noColor.isEmpty());
        boolean unicode = charset.newEncoder().canEncode("█░");
        int columns = number(env.get("COLUMNS"), size.columns());
        int rows = number(env.get("LINES"), size.rows());
        return new Terminal(interactive, colour, unicode, columns <= 0 ? DEFAULT_WIDTH : Math.max(MIN_WIDTH, columns),
                Math.max(0, rows));
    }

    public Terminal withoutColour() {
        return new Terminal(interactive, false, unicode, width, height);
    }

    private static int number(String text, int otherwise) {
        try {
            return text == null ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
