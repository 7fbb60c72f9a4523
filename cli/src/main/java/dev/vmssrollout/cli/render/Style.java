package dev.vmssrollout.cli.render;

import java.util.ArrayList;
import java.util.List;

/**
 * ANSI colours when the terminal wants them, plain text otherwise. Text is padded before it is
 * painted, so escape codes never count towards a column's width.
 */
public final class Style {

    static final String ESC = "\u001B[";
    private static final String RESET = ESC + "0m";

    private final boolean colour;
    private final boolean unicode;

    public Style(Terminal terminal) {
        this.colour = terminal.colour();
        this.unicode = terminal.unicode();
    }

    public boolean colour() {
        return colour;
    }

    boolean unicode() {
        return unicode;
    }

    String paint(String text, String sgr) {
        return colour && sgr != null ? ESC + sgr + "m" + text + RESET : text;
    }

    public String bold(String text) {
        return paint(text, "1");
    }

    String dim(String text) {
        return paint(text, "2");
    }

    /** A rollout or wave state word, coloured by how it is going. */
    public String state(String state) {
        return paint(state, stateColour(state));
    }

    /** Same as {@link #state}, padded to {@code width} first. */
    public String state(String state, int width) {
        return paint(pad(state, width), stateColour(state));
    }

    private static String stateColour(String state) {
        if (state == null) {
            return null;
        }
        return switch (state) {
            case "SUCCEEDED", "PASS" -> "32";
            case "FAILED", "FAIL" -> "31;1";
            case "INCONCLUSIVE" -> "33;1";
            case "RUNNING", "UPGRADING", "VERIFYING" -> "34";
            case "WAITING_FOR_APPROVAL", "PAUSED" -> "33;1";
            case "ROLLING_BACK", "ROLLED_BACK" -> "35";
            case "CANCELLED" -> "2";
            default -> null;
        };
    }

    /**
     * Splits {@code line} into lines of at most {@code width} visible characters. Escape codes take no
     * room; a colour cut by the split is closed at the end of one line and opened again on the next.
     */
    static List<String> wrap(String line, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        String openColour = null;
        int visible = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\u001B' && i + 1 < line.length() && line.charAt(i + 1) == '[') {
                int end = i + 2;
                while (end < line.length() && !Character.isLetter(line.charAt(end))) {
                    end++;
                }
                String code = line.substring(i, Math.min(end + 1, line.length()));
                current.append(code);
                if (code.endsWith("m")) {
                    openColour = code.equals(RESET) ? null : code;
                }
                i = end;
                continue;
            }
            if (visible == width) {
                lines.add(openColour == null ? current.toString() : current + RESET);
                current = new StringBuilder(openColour == null ? "" : openColour);
                visible = 0;
            }
            current.append(c);
            visible++;
        }
        lines.add(current.toString());
        return lines;
    }

    /** The width of each column of a table: its widest cell or heading. */
    static int[] widths(String[] headings, List<String[]> rows) {
        int[] widths = new int[headings.length];
        for (int c = 0; c < headings.length; c++) {
            widths[c] = headings[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        return widths;
    }

    /** One line of a table: each cell padded to its column's width, two spaces between columns. */
    static String row(String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            boolean last = c == cells.length - 1;
            line.append(last ? cells[c] : pad(cells[c], widths[c]));
            if (!last) {
                line.append("  ");
            }
        }
        return line.toString().stripTrailing();
    }

    public static String pad(String text, int width) {
        return text.length() >= width ? text : text + " ".repeat(width - text.length());
    }

    /** Cuts {@code text} to {@code width} characters, marking the cut. */
    public static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 1)) + "~";
    }
}
