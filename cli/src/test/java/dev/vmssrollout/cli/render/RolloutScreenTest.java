package dev.vmssrollout.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.Json;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The status view of a sample rollout (5 update domains, 19 instances in waves, 1 skipped, every instance state). */
class RolloutScreenTest {

    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;]*[A-Za-z]");
    private static final Map<String, List<String>> ROWS = Map.of(
            "wave 1", List.of("0", "5", "10", "15"),
            "wave 2", List.of("1", "6", "11", "16"),
            "wave 3", List.of("2", "7", "12", "17"),
            "wave 4", List.of("3", "8", "13", "18"),
            "wave 5", List.of("4", "9", "14"),
            "skipped", List.of("19"));

    @Test
    void plainHeatmapHasOneRowPerWaveWithEachInstanceOnceAndNoEscapeCodes() {
        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 5).render(sample());

        assertThat(String.join("\n", lines)).doesNotContain("\u001B");
        ROWS.forEach((row, ids) -> assertThat(cellIds(row(lines, row), row)).as(row).containsExactlyElementsOf(ids));
        assertThat(row(lines, "wave 2")).matches("wave 2 +update domain 1 +UPGRADING +1\\+ +6~ +11! +16\\.");
        assertThat(row(lines, "wave 3")).matches("wave 3 +update domain 2 +FAILED +2x +7< +12- +17\\.");
        assertThat(lines).contains("legend:  . pending  ~ upgrading  + healthy  ! unhealthy  x failed  - skipped  < rolled back");
    }

    @Test
    void plainHeaderShowsWhatWhereStateAndProgress() {
        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 2).render(sample());

        assertThat(lines.get(0)).isEqualTo("rollout r-42  demo-rg/web  Canonical:ubuntu-24_04-lts:server:24.04.202409010 "
                + "-> 24.04.202410010");
        assertThat(lines.get(1)).isEqualTo("state RUNNING  1/5 waves succeeded  submitted by alice");
        // 6 of 19 done (5 healthy, 1 rolled back): unhealthy, failed and skipped instances are not done
        assertThat(lines.get(2)).isEqualTo("[#########---------------------]  31%  6/19 instances done: 5 healthy, "
                + "1 unhealthy, 1 failed, 1 skipped, 1 rolled back; 1 upgrading; 1 more already on the target image");
        assertThat(lines).endsWith("recent events (times in UTC):", "  10:01:00  wave 1/5 completed (4 instances)",
                "  10:01:01  wave 2/5 started (4 instances)");
    }

    @Test
    void colourHeatmapPaintsEachInstanceInItsStatesColourWithALegend() {
        List<String> lines = new RolloutScreen(Terminal.colour(120), ZoneOffset.UTC, 0).render(sample());

        // The state symbol stays on the colour: colour alone is lost on a colour-blind reader.
        String wave2 = row(lines, "wave 2");
        assertThat(wave2).contains("\u001B[42;30m 1+  \u001B[0m")    // healthy: green
                .contains("\u001B[44;97m 6~  \u001B[0m")              // upgrading: blue
                .contains("\u001B[43;30m 11! \u001B[0m")              // unhealthy: yellow
                .contains("\u001B[47;30m 16. \u001B[0m");             // pending: grey
        assertThat(row(lines, "wave 3")).contains("\u001B[41;97m 2x  \u001B[0m").contains("\u001B[45;97m 7<  \u001B[0m")
                .contains("\u001B[100;37m 12- \u001B[0m");
        ROWS.forEach((row, ids) -> assertThat(cellIds(row(lines, row), row)).as(row).containsExactlyElementsOf(ids));
        String legend = lines.stream().filter(l -> l.startsWith("legend:")).findFirst().orElseThrow();
        assertThat(strip(legend)).isEqualTo("legend:   .  pending   ~  upgrading   +  healthy   !  unhealthy   x  failed"
                + "   -  skipped   <  rolled back");
        assertThat(legend).contains("\u001B[41;97m x \u001B[0m failed");
        assertThat(String.join("\n", lines)).contains("\u001B[32m" + "█".repeat(9) + "\u001B[0m");
    }

    @Test
    void longWavesWrapUnderTheirOwnCellsAndStillShowEachInstanceOnce() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        var instances = ((ObjectNode) rollout.withArray("waves").get(0)).putArray("instances");
        for (int i = 0; i < 60; i++) {
            instances.addObject().put("instanceId", String.valueOf(100 + i)).put("state", "HEALTHY");
        }

        List<String> lines = new RolloutScreen(new Terminal(false, false, false, 60, 0), ZoneOffset.UTC, 0)
                .render(RolloutSnapshot.of(rollout));

        int first = lines.indexOf(row(lines, "wave 1"));
        int indent = row(lines, "wave 1").indexOf("100+");
        List<String> wrapped = lines.subList(first, lines.indexOf(row(lines, "wave 2")));
        assertThat(wrapped).hasSizeGreaterThan(1).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(60));
        assertThat(wrapped.subList(1, wrapped.size())).allSatisfy(line ->
                assertThat(line.substring(0, indent)).isBlank());
        List<String> ids = wrapped.stream().flatMap(line -> Arrays.stream(line.substring(indent).trim().split(" +")))
                .map(cell -> cell.replace("+", "")).toList();
        assertThat(ids).hasSize(60).doesNotHaveDuplicates().first().isEqualTo("100");
    }

    @Test
    void legendWrapsAtTheTerminalsWidth() {
        List<String> lines = new RolloutScreen(new Terminal(true, true, true, 60, 0), ZoneOffset.UTC, 0).render(sample());

        int first = lines.indexOf(lines.stream().filter(l -> l.startsWith("legend:")).findFirst().orElseThrow());
        List<String> legend = lines.subList(first, lines.size());
        assertThat(legend).hasSizeGreaterThan(1).allSatisfy(line -> assertThat(strip(line).length()).isLessThanOrEqualTo(60));
        assertThat(strip(String.join(" ", legend)).replaceAll(" +", " "))
                .isEqualTo("legend: . pending ~ upgrading + healthy ! unhealthy x failed - skipped < rolled back");
    }

    @Test
    void waitingForApprovalSaysForWhichWaveAndWhom() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "WAITING_FOR_APPROVAL").put("waitingForApprovalWave", 3);

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(rollout));

        assertThat(lines.subList(3, 5)).containsExactly(
                "WAITING_FOR_APPROVAL: wave 4/5 (update domain 3, 4 instances) waits for an approver other than alice",
                "  approve with: vmss-rollout approve r-42 --wave 4");
    }

    @Test
    void timesShowElapsedApprovalWaitsAndAnEstimateWithTheirZone() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.putObject("timing").put("startedAt", "2025-01-02T10:00:00Z").putNull("endedAt")
                .put("elapsedSeconds", 754).put("approvalWaitSeconds", 300).put("observedWaveSeconds", 54)
                .put("estimatedRemainingSeconds", 162).put("estimatedEndAt", "2025-01-02T10:15:16Z").put("approvalsAhead", 1);
        ((ObjectNode) rollout.withArray("waves").get(0)).put("elapsedSeconds", 54);

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneId.of("Europe/Berlin"), 0)
                .render(RolloutSnapshot.of(rollout));

        assertThat(lines.get(3)).isEqualTo("time  started 2025-01-02 11:00:00 CET, 12m34s so far (5m00s waiting for "
                + "approval); about 2m42s left (54s per wave), ends about 2025-01-02 11:15:16 CET + 1 approval to wait for");
        assertThat(row(lines, "wave 1")).contains("SUCCEEDED 54s");
    }

    @Test
    void aPausedRolloutWithAFailedWaveOffersRollbackAndRetryBeforeResume() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "PAUSED").put("reason", "onFailure=PAUSE");

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(rollout));

        assertThat(lines.subList(3, 8)).containsExactly(
                "PAUSED after wave 3/5 failed: onFailure=PAUSE",
                "  instances: 1 failed (2); 1 pending (17); 1 rolled_back (7); 1 skipped (12)",
                "  roll back: vmss-rollout rollback r-42   (the previous image back on the upgraded instances)",
                "  or retry:  vmss-rollout retry r-42      (run wave 3/5 again)",
                "  resume accepts the failure and goes on with the next wave: vmss-rollout resume r-42");
    }

    @Test
    void aFailedInstanceIsShownWithWhatAzureSaidAboutIt() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "PAUSED").put("reason", "onFailure=PAUSE");
        for (com.fasterxml.jackson.databind.JsonNode wave : rollout.withArray("waves")) {
            for (com.fasterxml.jackson.databind.JsonNode instance : wave.path("instances")) {
                if (instance.path("instanceId").asText().equals("2")) {
                    ((ObjectNode) instance).putObject("problem").put("code", "VMUpgradeFailed")
                            .put("message", "The upgrade failed.").put("health", "UNKNOWN");
                }
            }
        }

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(rollout));

        assertThat(lines.subList(4, 6)).containsExactly(
                "  instances: 1 failed (2); 1 pending (17); 1 rolled_back (7); 1 skipped (12)",
                "    instance 2: Azure says VMUpgradeFailed: The upgrade failed.; health unknown");
    }

    @Test
    void everyWaveIsNamedByTheSameNumberInHeatmapHintsAndEvents() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "WAITING_FOR_APPROVAL").put("waitingForApprovalWave", 1);

        String screen = String.join("\n", new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 5)
                .render(RolloutSnapshot.of(rollout)));

        // wave index 1 is "wave 2" in every line that names it, and nothing calls it "wave 1"
        assertThat(screen).containsPattern("(?m)^wave 2 +update domain 1 ")
                .contains("wave 2/5 (update domain 1, 4 instances) waits", "approve r-42 --wave 2",
                        "wave 2/5 started (4 instances)");
        assertThat(screen).containsPattern("(?m)^wave 1 +update domain 0 ").contains("wave 1/5 completed");
        assertThat(screen).doesNotContainPattern("wave 0\\b");
    }

    @Test
    void theRolloutsWorkflowInTheTemporalUiIsOneLineOfTheHeaderWhenTheApiLinksIt() {
        String ui = "http://localhost:8233/namespaces/default/workflows/rollout-r-42";
        ObjectNode rollout = (ObjectNode) sampleJson();
        ((ObjectNode) rollout.get("links")).put("temporalUi", ui);

        List<String> linked = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).summary(RolloutSnapshot.of(rollout));
        List<String> unlinked = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).summary(sample());

        assertThat(linked).endsWith("Temporal UI: " + ui);
        assertThat(String.join("\n", unlinked)).doesNotContain("Temporal UI");
    }

    @Test
    void aRolloutWaitingForItsWindowSaysWhyAndUntilWhen() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "WAITING_FOR_WINDOW").put("reason",
                "waiting for the maintenance window: outside the maintenance windows; next start 2026-12-08T21:00:00Z");

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(rollout));

        assertThat(lines.subList(3, 5)).containsExactly("WAITING_FOR_WINDOW: waiting for the maintenance window: outside "
                        + "the maintenance windows; next start 2026-12-08T21:00:00Z",
                "  nothing changes in Azure until then; an emergency override needs two people (docs/schedules.md)");
    }

    @Test
    void eachAnalysedWaveShowsItsLatestAnalysisVerdictAndWhyBeforeTheEvents() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        var wave1 = ((ObjectNode) rollout.withArray("waves").get(0)).putArray("analysis");
        measurement(wave1, "2026-12-04T15:00:00Z", 1, "PASS", "errors: Average(http_error_rate) 0.01000 < 0.05 over 4 instances");
        measurement(wave1, "2026-12-04T15:10:00Z", 1, "PASS", "errors: Average(http_error_rate) 0.01000 < 0.05 over 4 instances");
        measurement(wave1, "2026-12-04T15:10:00Z", 2, "INCONCLUSIVE", "errors: no value for web_5");
        var wave3 = ((ObjectNode) rollout.withArray("waves").get(2)).putArray("analysis");
        measurement(wave3, "2026-12-04T15:20:00Z", 1, "FAIL",
                "errors: Average(http_error_rate) 0.3020 is not < 0.05 over 4 instances");

        List<String> plain = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 1).render(RolloutSnapshot.of(rollout));
        List<String> colour = new RolloutScreen(Terminal.colour(120), ZoneOffset.UTC, 0).analysis(RolloutSnapshot.of(rollout));

        int at = plain.indexOf("metric analysis:");
        assertThat(plain.subList(at, at + 6)).containsExactly("metric analysis:",
                "  wave 1/5  INCONCLUSIVE  2 samples  (1 measurement of an earlier analysis: --json shows them)",
                "    #1 PASS         errors: Average(http_error_rate) 0.01000 < 0.05 over 4 instances",
                "    #2 INCONCLUSIVE errors: no value for web_5",
                "  wave 3/5  FAIL  1 sample",
                "    #1 FAIL         errors: Average(http_error_rate) 0.3020 is not < 0.05 over 4 instances");
        assertThat(plain.indexOf("recent events (times in UTC):")).isGreaterThan(at);
        assertThat(String.join("\n", colour)).contains("\u001B[31;1mFAIL\u001B[0m").contains("\u001B[33;1mINCONCLUSIVE");
        assertThat(new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).analysis(sample()))
                .as("no analysis, no section").isEmpty();
    }

    @Test
    void theSamplesItsReleaseTookWhileTheStageBakedFollowTheWaves() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        var bake = rollout.putArray("bakeAnalysis");
        measurement(bake, "2026-12-04T16:00:00Z", 1, "PASS", "errors: Average(http_error_rate) 0.01000 < 0.05 over 20 instances");
        measurement(bake, "2026-12-04T16:00:00Z", 2, "FAIL", "errors: Average(http_error_rate) 0.3020 is not < 0.05 over 20 instances");

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).analysis(RolloutSnapshot.of(rollout));

        assertThat(lines).containsExactly("", "metric analysis:", "  release bake  FAIL  2 samples",
                "    #1 PASS         errors: Average(http_error_rate) 0.01000 < 0.05 over 20 instances",
                "    #2 FAIL         errors: Average(http_error_rate) 0.3020 is not < 0.05 over 20 instances");
    }

    private static void measurement(com.fasterxml.jackson.databind.node.ArrayNode analysis, String startedAt, int sample,
                                    String verdict, String reason) {
        analysis.addObject().put("analysisStartedAt", startedAt).put("sample", sample).put("check", "errors")
                .put("provider", "azure-monitor").put("condition", "< 0.05").put("verdict", verdict).put("reason", reason);
    }

    @Test
    void endedRolloutSaysHowAndWhy() {
        ObjectNode rollout = (ObjectNode) sampleJson();
        rollout.put("state", "FAILED").put("reason", "wave 3/5 failed: instance 2 did not upgrade");

        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(rollout));

        assertThat(lines.get(3)).isEqualTo("FAILED: wave 3/5 failed: instance 2 did not upgrade");
    }

    @Test
    void rolloutWithoutWavesYetSaysSo() {
        List<String> lines = new RolloutScreen(Terminal.plain(), ZoneOffset.UTC, 0).render(RolloutSnapshot.of(
                Json.parseOrNull("{\"id\": \"r-1\", \"state\": \"PENDING\", \"waves\": []}")));

        assertThat(lines).contains("rollout r-1", "pending: the preflight checks have not run yet",
                "(no waves yet: they are planned once the preflight checks pass)");
        assertThat(lines.get(1)).isEqualTo("state PENDING  waves not planned yet");
        assertThat(lines.get(2)).startsWith("[------------------------------]   0%  0/0 instances done");
    }

    static JsonNode sampleJson() {
        try (InputStream in = RolloutScreenTest.class.getResourceAsStream("/dev/vmssrollout/cli/rollout-running.json")) {
            return Json.MAPPER.readTree(in);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static RolloutSnapshot sample() {
        return RolloutSnapshot.of(sampleJson());
    }

    /** The instance IDs of a heatmap row, in order: what follows the row's heading, escape codes and symbols removed. */
    private static List<String> cellIds(String line, String row) {
        String plain = strip(line);
        int start = row.equals("skipped") ? plain.indexOf("image") + "image".length()
                : plain.indexOf(' ', plain.indexOf("domain " + (Integer.parseInt(row.substring(5)) - 1)) + 8);
        String cells = plain.substring(start).trim();
        // the row's state word comes first on wave rows
        if (!row.equals("skipped")) {
            cells = cells.substring(cells.indexOf(' ')).trim();
        }
        return Arrays.stream(cells.split(" +")).map(cell -> cell.replaceAll("[.~+!x<-]$", "")).toList();
    }

    private static String row(List<String> lines, String name) {
        return lines.stream().filter(line -> strip(line).startsWith(name + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + name + " in\n" + String.join("\n", lines)));
    }

    private static String strip(String text) {
        return ANSI.matcher(text).replaceAll("");
    }
}
