package dev.vmssrollout.cli.render;

/** {@code [##########----------]  50%}, or the same in coloured blocks. */
final class ProgressBar {

    static final int WIDTH = 30;

    private ProgressBar() {
    }

    static String render(int done, int total, Style style) {
        int percent = total == 0 ? 0 : (int) Math.floor(100.0 * done / total);
        int filled = total == 0 ? 0 : (int) Math.floor((double) WIDTH * done / total);
        String label = String.format("%3d%%", percent);
        if (style.colour()) {
            String full = style.unicode() ? "█" : "#";
            String empty = style.unicode() ? "░" : "-";
            return style.paint(full.repeat(filled), "32") + style.dim(empty.repeat(WIDTH - filled)) + " " + label;
        }
        return "[" + "#".repeat(filled) + "-".repeat(WIDTH - filled) + "] " + label;
    }
}
