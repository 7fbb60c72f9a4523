package dev.vmssrollout.cli.render;

import java.io.PrintWriter;
import java.time.ZoneId;

/** How a watched rollout is shown as it changes. */
public interface WatchView {

    /** The rollout as the latest poll found it. */
    void show(RolloutSnapshot rollout);

    /** A passing problem while polling (the API briefly unreachable), shown until the next snapshot. */
    void note(String message);

    /** The rollout has ended. */
    void finish(RolloutSnapshot rollout);

    /** Redrawn in place on a terminal; appended lines anywhere else. */
    static WatchView of(Terminal terminal, PrintWriter out, ZoneId zone) {
        return terminal.interactive() ? new RedrawingView(out, new RolloutScreen(terminal, zone, 5), terminal.width(), terminal.height())
                : new AppendingView(out, new RolloutScreen(terminal.withoutColour(), zone, 5));
    }
}
