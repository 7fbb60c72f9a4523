package dev.vmssrollout.cli.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One row per wave (an update domain, fault domain, zone or batch), one cell per instance labelled
 * with its instance ID and a state symbol, on the state's colour when there is colour: the symbol stays in
 * colour too, since colour alone says nothing to a colour-blind reader or a screen reader. Long rows wrap at
 * the terminal's width under their own cells.
 */
final class Heatmap {

    private static final int MAX_LABEL = 28;

    private Heatmap() {
    }

    /** A row to draw: its heading columns and its instances. */
    record Row(String name, String label, String state, List<RolloutSnapshot.Instance> instances) {
    }

    static List<String> render(List<Row> rows, Style style, int width) {
        int nameWidth = widest(rows, Row::name, 0);
        int labelWidth = Math.min(MAX_LABEL, widest(rows, Row::label, 0));
        int stateWidth = widest(rows, Row::state, 0);
        int idWidth = rows.stream().flatMap(r -> r.instances().stream())
                .mapToInt(i -> i.instanceId().length()).max().orElse(1);
        // colour: " 12+ " on the state's background; plain: "12+" (ID, then the state's symbol)
        int cellWidth = style.colour() ? idWidth + 3 : idWidth + 1;
        int indent = nameWidth + 2 + labelWidth + 2 + stateWidth + 2;
        int perLine = Math.max(1, (width - indent + 1) / (cellWidth + 1));

        List<String> lines = new ArrayList<>();
        for (Row row : rows) {
            String heading = Style.pad(row.name(), nameWidth) + "  " + Style.pad(Style.fit(row.label(), labelWidth), labelWidth)
                    + "  " + style.state(row.state(), stateWidth) + "  ";
            List<String> cells = row.instances().stream().map(i -> cell(i, idWidth, style)).toList();
            if (cells.isEmpty()) {
                lines.add(heading.stripTrailing());
                continue;
            }
            for (int start = 0; start < cells.size(); start += perLine) {
                String prefix = start == 0 ? heading : " ".repeat(indent);
                lines.add(prefix + String.join(" ", cells.subList(start, Math.min(cells.size(), start + perLine))));
            }
        }
        return lines;
    }

    /** The legend, wrapped at {@code width} (escape codes do not count). */
    static List<String> legend(Style style, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder("legend:");
        int visible = line.length();
        for (InstanceLook look : InstanceLook.values()) {
            String swatch = style.colour() ? style.paint(" " + look.symbol + " ", look.sgr) : look.symbol;
            int length = (style.colour() ? 3 : look.symbol.length()) + 1 + look.word.length();
            if (visible + 2 + length > width && visible > "legend:".length()) {
                lines.add(line.toString());
                line = new StringBuilder("       ");
                visible = line.length();
            }
            line.append("  ").append(swatch).append(' ').append(look.word);
            visible += 2 + length;
        }
        lines.add(line.toString());
        return lines;
    }

    private static String cell(RolloutSnapshot.Instance instance, int idWidth, Style style) {
        InstanceLook look = InstanceLook.of(instance.state());
        String symbol = look == null ? InstanceLook.UNKNOWN_SYMBOL : look.symbol;
        String text = Style.pad(instance.instanceId() + symbol, idWidth + 1);
        if (style.colour()) {
            return look == null ? " " + text + " " : style.paint(" " + text + " ", look.sgr);
        }
        return text;
    }

    private static int widest(List<Row> rows, Function<Row, String> column, int least) {
        return rows.stream().map(column).mapToInt(String::length).max().orElse(least);
    }
}
