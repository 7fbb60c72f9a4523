package dev.vmssrollout.cli.render;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One rollout on screen: what and where, its state and what it waits for, a progress bar, the
 * heatmap, the legend and the latest events.
 */
public final class RolloutScreen {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd");
    private static final DateTimeFormatter ZONE_NAME = DateTimeFormatter.ofPattern("z");

    private final Style style;
    private final int width;
    private final ZoneId zone;
    private final int eventsShown;

    public RolloutScreen(Terminal terminal, ZoneId zone, int eventsShown) {
        this.style = new Style(terminal);
        this.width = terminal.width();
        this.zone = zone;
        this.eventsShown = eventsShown;
    }

    public List<String> render(RolloutSnapshot r) {
        List<String> lines = new ArrayList<>(summary(r));
        lines.add("");
        lines.addAll(heatmap(r));
        lines.addAll(analysis(r));
        if (eventsShown > 0 && !r.events().isEmpty()) {
            lines.add("");
            lines.add("recent events (times in " + zoneName(ZonedDateTime.now(zone)) + "):");
            List<RolloutSnapshot.Event> events = r.events();
            events.subList(Math.max(0, events.size() - eventsShown), events.size()).forEach(e -> lines.add("  " + event(e)));
        }
        return lines;
    }

    /** The header: what, where, state, progress, and what the rollout waits for. */
    public List<String> summary(RolloutSnapshot r) {
        List<String> lines = new ArrayList<>();
        lines.add((style.bold("rollout " + r.id()) + "  " + (r.target() == null ? "" : r.target() + "  ")
                + (r.imageChange() == null ? "" : r.imageChange())).stripTrailing());
        String waves = r.wavesTotal() == null ? "waves not planned yet"
                : r.wavesSucceeded() + "/" + r.wavesTotal() + " waves succeeded";
        lines.add("state " + style.state(r.state()) + "  " + waves
                + (r.submittedBy() == null ? "" : "  submitted by " + r.submittedBy()));
        lines.add(progress(r));
        String times = times(r);
        if (times != null) {
            lines.add(times);
        }
        lines.addAll(attention(r));
        if (r.temporalUi() != null) {
            lines.add("Temporal UI: " + r.temporalUi());
        }
        return lines;
    }

    public List<String> heatmap(RolloutSnapshot r) {
        List<Heatmap.Row> rows = new ArrayList<>();
        for (RolloutSnapshot.Wave wave : r.waves()) {
            String elapsed = wave.elapsedSeconds() == null ? "" : " " + Durations.short_(wave.elapsedSeconds());
            rows.add(new Heatmap.Row("wave " + wave.number(), nullToEmpty(wave.label()), nullToEmpty(wave.state()) + elapsed,
                    wave.instances()));
        }
        if (!r.skipped().isEmpty()) {
            rows.add(new Heatmap.Row("skipped", "already on the target image", "",
                    r.skipped().stream().map(id -> new RolloutSnapshot.Instance(id, "SKIPPED")).toList()));
        }
        List<String> lines = new ArrayList<>();
        if (rows.isEmpty()) {
            lines.add("(no waves yet: they are planned once the preflight checks pass)");
        } else {
            Heatmap.render(rows, style, width).forEach(line -> lines.add(line.stripTrailing()));
        }
        lines.addAll(Heatmap.legend(style, width));
        return lines;
    }

    /**
     * Each analysed wave's latest analysis (a retried wave is analysed again): its verdict, then its measurements,
     * the last {@value #MEASUREMENTS_SHOWN} at most, each with the reason the gate gave; then the samples its release
     * took while the stage baked. Nothing without analysis.
     */
    public List<String> analysis(RolloutSnapshot r) {
        List<String> lines = new ArrayList<>();
        for (RolloutSnapshot.Wave wave : r.waves()) {
            lines.addAll(latestAnalysis(waveName(r, wave), wave.analysis()));
        }
        lines.addAll(latestAnalysis("release bake", r.bakeAnalysis()));
        if (!lines.isEmpty()) {
            lines.add(0, "");
            lines.add(1, "metric analysis:");
        }
        return lines;
    }

    private List<String> latestAnalysis(String label, List<RolloutSnapshot.Measurement> measurements) {
        if (measurements.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        String latest = measurements.stream().map(RolloutSnapshot.Measurement::analysisStartedAt)
                .filter(java.util.Objects::nonNull).max(java.util.Comparator.comparing(RolloutScreen::instant))
                .orElse(null);
        List<RolloutSnapshot.Measurement> run = measurements.stream()
                .filter(m -> java.util.Objects.equals(m.analysisStartedAt(), latest)).toList();
        int earlier = measurements.size() - run.size();
        String verdict = run.stream().map(RolloutSnapshot.Measurement::verdict).reduce("PASS", RolloutScreen::worse);
        int samples = run.stream().mapToInt(RolloutSnapshot.Measurement::sample).max().orElse(0);
        lines.add("  " + label + "  " + style.state(verdict) + "  " + samples
                + (samples == 1 ? " sample" : " samples") + (earlier == 0 ? "" : "  (" + earlier
                + (earlier == 1 ? " measurement" : " measurements") + " of an earlier analysis: --json shows them)"));
        if (run.size() > MEASUREMENTS_SHOWN) {
            lines.add("    ... " + (run.size() - MEASUREMENTS_SHOWN) + " earlier measurements (--json shows them)");
        }
        run.subList(Math.max(0, run.size() - MEASUREMENTS_SHOWN), run.size()).forEach(m -> lines.add("    #"
                + m.sample() + " " + style.state(nullToEmpty(m.verdict()), 12) + " " + nullToEmpty(m.reason())));
        return lines;
    }

    private static final int MEASUREMENTS_SHOWN = 6;

    /** FAIL over INCONCLUSIVE over PASS; a verdict this CLI does not know is no PASS either. */
    private static String worse(String a, String b) {
        for (String verdict : List.of("FAIL", "INCONCLUSIVE")) {
            if (verdict.equals(a) || verdict.equals(b)) {
                return verdict;
            }
        }
        return "PASS".equals(a) && "PASS".equals(b) ? "PASS" : (!"PASS".equals(a) ? a : b);
    }

    private static Instant instant(String at) {
        try {
            return Instant.parse(at);
        } catch (DateTimeParseException e) {
            return Instant.MIN;
        }
    }

    /** {@code 12:00:01  wave 1/5 started (4 instances)}, in the viewer's time zone. */
    public String event(RolloutSnapshot.Event e) {
        return time(e.at()) + "  " + nullToEmpty(e.message());
    }

    /** The progress line alone, as the plain watch view appends it. */
    public String progress(RolloutSnapshot r) {
        int total = r.instanceCount();
        int done = r.instancesDone();
        Map<InstanceLook, Integer> counts = new EnumMap<>(InstanceLook.class);
        r.waves().stream().flatMap(w -> w.instances().stream()).forEach(i -> {
            InstanceLook look = InstanceLook.of(i.state());
            if (look != null) {
                counts.merge(look, 1, Integer::sum);
            }
        });
        String breakdown = counts.entrySet().stream()
                .filter(e -> e.getKey() != InstanceLook.PENDING && e.getKey() != InstanceLook.UPGRADING)
                .map(e -> e.getValue() + " " + e.getKey().word)
                .collect(Collectors.joining(", "));
        int upgrading = counts.getOrDefault(InstanceLook.UPGRADING, 0);
        return ProgressBar.render(done, total, style) + "  " + done + "/" + total + " instances done"
                + (breakdown.isEmpty() ? "" : ": " + breakdown)
                + (upgrading == 0 ? "" : "; " + upgrading + " upgrading")
                + (r.skipped().isEmpty() ? "" : "; " + r.skipped().size() + " more already on the target image");
    }

    /** What the rollout waits for and what to do about it, or how it ended; nothing while it simply runs. */
    public List<String> attention(RolloutSnapshot r) {
        String reason = r.reason() == null || r.reason().isBlank() ? "" : ": " + r.reason();
        return switch (r.state()) {
            case "WAITING_FOR_APPROVAL" -> waitingForApproval(r);
            case "PAUSED" -> r.failedWave() != null ? failure(r, reason) : List.of(style.state("PAUSED") + reason,
                    "  resume with: vmss-rollout resume " + r.id() + "   (or rollback, cancel)");
            case "PENDING" -> List.of("pending: the preflight checks have not run yet");
            case "WAITING_FOR_WINDOW" -> List.of(style.state("WAITING_FOR_WINDOW") + reason,
                    "  nothing changes in Azure until then; an emergency override needs two people (docs/schedules.md)");
            case "ROLLING_BACK" -> List.of(style.state("ROLLING_BACK") + reason);
            case "SUCCEEDED" -> reason.isEmpty() ? List.of() : List.of(style.state("SUCCEEDED") + reason);
            case "FAILED", "CANCELLED", "ROLLED_BACK", "TERMINATED" -> List.of(style.state(r.state()) + reason);
            default -> List.of();
        };
    }

    /** A wave failed and the rollout paused: what failed, then the safe ways out first; resume accepts the failure. */
    private List<String> failure(RolloutSnapshot r, String reason) {
        RolloutSnapshot.Wave wave = r.failedWave();
        Map<String, List<String>> byState = new TreeMap<>();
        wave.instances().stream().filter(i -> !"HEALTHY".equals(i.state()))
                .forEach(i -> byState.computeIfAbsent(i.state().toLowerCase(Locale.ROOT), s -> new ArrayList<>())
                        .add(i.instanceId()));
        String detail = byState.entrySet().stream().map(e -> e.getValue().size() + " " + e.getKey() + " ("
                + String.join(", ", e.getValue()) + ")").collect(Collectors.joining("; "));
        List<String> lines = new ArrayList<>();
        lines.add(style.state("PAUSED") + " after " + waveName(r, wave) + " failed" + reason);
        if (!detail.isEmpty()) {
            lines.add("  instances: " + detail);
        }
        wave.instances().stream().filter(i -> i.problem() != null).forEach(i -> lines.add("    instance "
                + i.instanceId() + ": Azure says " + (i.problem().code() == null ? "nothing more" : i.problem().code())
                + (i.problem().message() == null ? "" : ": " + i.problem().message())
                + (i.problem().health() == null ? "" : "; health " + i.problem().health().toLowerCase(Locale.ROOT))));
        lines.add("  roll back: vmss-rollout rollback " + r.id() + "   (the previous image back on the upgraded instances)");
        lines.add("  or retry:  vmss-rollout retry " + r.id() + "      (run " + waveName(r, wave) + " again)");
        lines.add("  resume accepts the failure and goes on with the next wave: vmss-rollout resume " + r.id());
        return lines;
    }

    private static String waveName(RolloutSnapshot r, RolloutSnapshot.Wave wave) {
        return "wave " + wave.number() + (r.wavesTotal() == null ? "" : "/" + r.wavesTotal());
    }

    /** When it started, how long it has taken (approval waits shown as such) and, while it runs, an estimate. */
    private String times(RolloutSnapshot r) {
        RolloutSnapshot.Timing t = r.timing();
        if (t == null || t.startedAt() == null || t.elapsedSeconds() == null) {
            return null;
        }
        StringBuilder line = new StringBuilder("time  started " + clock(t.startedAt()) + ", "
                + Durations.short_(t.elapsedSeconds()) + (t.endedAt() == null ? " so far" : " in all"));
        if (t.approvalWaitSeconds() != null && t.approvalWaitSeconds() > 0) {
            line.append(" (").append(Durations.short_(t.approvalWaitSeconds())).append(" waiting for approval)");
        }
        if (t.endedAt() != null) {
            line.append("; ended ").append(clock(t.endedAt()));
        } else if (t.estimatedRemainingSeconds() != null) {
            line.append("; about ").append(Durations.short_(t.estimatedRemainingSeconds())).append(" left (")
                    .append(t.observedWaveSeconds() == null ? "" : Durations.short_(t.observedWaveSeconds()) + " per wave")
                    .append("), ends about ").append(clock(t.estimatedEndAt()));
        } else {
            line.append("; time left: known once a wave has completed");
        }
        if (t.endedAt() == null && t.approvalsAhead() != null && t.approvalsAhead() > 0) {
            line.append(" + ").append(t.approvalsAhead()).append(t.approvalsAhead() == 1 ? " approval" : " approvals")
                    .append(" to wait for");
        }
        return line.toString();
    }

    /** A date and clock time in the viewer's time zone, with the zone. */
    private String clock(String at) {
        if (at == null) {
            return "?";
        }
        try {
            ZonedDateTime time = Instant.parse(at).atZone(zone);
            return DATE.format(time) + " " + TIME.format(time) + " " + zoneName(time);
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    private List<String> waitingForApproval(RolloutSnapshot r) {
        Integer index = r.waitingForApprovalWave();
        RolloutSnapshot.Wave wave = index == null ? null : r.wave(index);
        Integer number = index == null ? null : index + 1;
        String which = index == null ? "the next wave" : "wave " + number + (r.wavesTotal() == null ? "" : "/" + r.wavesTotal())
                + (wave == null || wave.label() == null ? "" : " (" + wave.label() + ", " + wave.instances().size() + " instances)");
        // With the four-eyes rule on (the default) the submitter may not approve; the API decides, we only hint.
        String who = r.submittedBy() == null ? "an approver" : "an approver other than " + r.submittedBy();
        return List.of(style.state("WAITING_FOR_APPROVAL") + ": " + which + " waits for " + who,
                "  approve with: vmss-rollout approve " + r.id() + (number == null ? "" : " --wave " + number));
    }

    /** The time zone beside a clock time, so nobody has to guess it: "UTC", "CET", or an offset. */
    private static String zoneName(ZonedDateTime time) {
        return time.getZone().normalized().equals(ZoneOffset.UTC) ? "UTC" : ZONE_NAME.format(time);
    }

    private String time(String at) {
        if (at == null) {
            return "--:--:--";
        }
        try {
            return TIME.format(Instant.parse(at).atZone(zone));
        } catch (DateTimeParseException e) {
            return at;
        }
    }

    private static String nullToEmpty(String text) {
        return text == null ? "" : text;
    }
}
