package dev.vmssrollout.cli.render;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole screen, redrawn in place with ANSI cursor movement on every poll. Moving the cursor up
 * works only over lines the terminal has not wrapped or scrolled away: long lines are wrapped here,
 * the terminal's own wrapping is off while a frame is drawn (should the width be wrong, it cuts
 * instead), and a frame never gets taller than the terminal.
 */
final class RedrawingView implements WatchView {

    private static final String WRAP_OFF = Style.ESC + "?7l";
    private static final String WRAP_ON = Style.ESC + "?7h";

    private final PrintWriter out;
    private final RolloutScreen screen;
    private final int width;
    private final int height;
    private List<String> last = List.of();
    private int linesOnScreen;

    /**
     * @param width  the terminal's columns
     * @param height the terminal's rows; 0 when unknown
     */
    RedrawingView(PrintWriter out, RolloutScreen screen, int width, int height) {
        this.out = out;
        this.screen = screen;
        this.width = width;
        this.height = height;
    }

    @Override
    public void show(RolloutSnapshot rollout) {
        last = screen.render(rollout);
        draw(last);
    }

    @Override
    public void note(String message) {
        List<String> lines = new ArrayList<>(last);
        lines.add("");
        lines.add("(" + message + ")");
        draw(lines);
    }

    @Override
    public void finish(RolloutSnapshot rollout) {
        // the last frame already shows the end; it stays on screen as it is
    }

    private void draw(List<String> all) {
        List<String> lines = fit(all);
        StringBuilder frame = new StringBuilder(WRAP_OFF);
        if (linesOnScreen > 0) {
            // Up to the first line of the previous frame, then clear everything below: one write, no flicker.
            frame.append(Style.ESC).append(linesOnScreen).append('F').append(Style.ESC).append('J');
        }
        lines.forEach(line -> frame.append(line).append('\n'));
        frame.append(WRAP_ON);
        out.print(frame);
        out.flush();
        linesOnScreen = lines.size();
    }

    /**
     * The frame as the terminal will show it: long lines wrapped by us (so each counts for what it
     * takes), then cut to the terminal's height (lines scrolled off the top could not be redrawn).
     */
    private List<String> fit(List<String> frame) {
        List<String> lines = frame.stream().flatMap(line -> Style.wrap(line, width).stream()).toList();
        if (height <= 2 || lines.size() < height) {
            return lines;
        }
        List<String> cut = new ArrayList<>(lines.subList(0, height - 2));
        cut.add("(" + (lines.size() - cut.size()) + " more lines: make the terminal taller, or run status without --watch)");
        return cut;
    }
}
