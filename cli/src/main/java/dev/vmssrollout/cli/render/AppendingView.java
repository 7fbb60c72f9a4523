package dev.vmssrollout.cli.render;

import java.io.PrintWriter;
import java.util.List;

/**
 * For logs and pipes: the full picture once, then only what changed as plain lines (new events,
 * progress when it moved, what the rollout waits for), and the final picture at the end.
 */
final class AppendingView implements WatchView {

    private final PrintWriter out;
    private final RolloutScreen screen;
    private long lastSeq = -1;
    private String lastProgress;
    private List<String> lastAttention;
    private String lastNote;
    private boolean changedSinceFirst;

    AppendingView(PrintWriter out, RolloutScreen screen) {
        this.out = out;
        this.screen = screen;
    }

    @Override
    public void show(RolloutSnapshot rollout) {
        lastNote = null;
        if (lastSeq < 0) {
            screen.render(rollout).forEach(out::println);
            lastSeq = rollout.lastSeq();
            lastProgress = screen.progress(rollout);
            lastAttention = screen.attention(rollout);
            out.flush();
            return;
        }
        rollout.events().stream().filter(e -> e.seq() > lastSeq).forEach(e -> {
            out.println(screen.event(e));
            changedSinceFirst = true;
        });
        lastSeq = Math.max(lastSeq, rollout.lastSeq());
        String progress = screen.progress(rollout);
        if (!progress.equals(lastProgress)) {
            out.println(progress);
            lastProgress = progress;
            changedSinceFirst = true;
        }
        List<String> attention = screen.attention(rollout);
        if (!attention.equals(lastAttention)) {
            attention.forEach(out::println);
            changedSinceFirst = changedSinceFirst || !attention.isEmpty();
        }
        lastAttention = attention;
        out.flush();
    }

    @Override
    public void note(String message) {
        if (!message.equals(lastNote)) {
            out.println("(" + message + ")");
            out.flush();
            lastNote = message;
        }
    }

    @Override
    public void finish(RolloutSnapshot rollout) {
        if (!changedSinceFirst) {
            return; // the full picture printed first is already the final one
        }
        out.println();
        screen.heatmap(rollout).forEach(out::println);
        out.flush();
    }
}
