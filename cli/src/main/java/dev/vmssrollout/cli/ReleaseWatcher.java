package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;

import java.time.Duration;
import java.util.Set;

/**
 * Polls a release until it ends, saying each new state (a stage that bakes, waits for approval or stopped the line
 * included: the release is still going) on a line of its own, then shows it in full. Failed polls are tolerated as a
 * rollout's watch tolerates them.
 */
final class ReleaseWatcher {

    private static final Set<String> TERMINAL = Set.of("SUCCEEDED", "FAILED", "ROLLED_BACK", "CANCELLED");

    private final ReleaseCommand release;
    private final Duration interval;

    ReleaseWatcher(ReleaseCommand release, Duration interval) {
        this.release = release;
        this.interval = interval;
    }

    /** Watches until the release ends; 0 when it SUCCEEDED, 1 when it ended otherwise. */
    ExitCode watch(String id) {
        VmssRollout root = release.root;
        String said = null;
        int failedPolls = 0;
        while (true) {
            ApiResponse response;
            try {
                response = root.api().get(ApiClient.release(id));
                failedPolls = 0;
            } catch (CliException e) {
                if (!Watcher.passing(e) || ++failedPolls >= Watcher.MAX_FAILED_POLLS) {
                    throw e;
                }
                root.err().println("poll " + failedPolls + " of " + Watcher.MAX_FAILED_POLLS
                        + " failed, still watching: " + e.getMessage().lines().findFirst().orElse(""));
                Watcher.pause(root, interval);
                continue;
            }
            JsonNode current = response.json();
            String state = current.path("state").asText();
            String line = state + stage(current) + (current.path("reason").isTextual()
                    ? ": " + current.path("reason").asText() : "");
            if (!line.equals(said)) {
                // On stdout for people; on stderr with -o json|yaml, whose stdout holds only the final document.
                (root.machineOutput() ? root.err() : root.out()).println("release " + id + "  " + line);
                said = line;
            }
            if (TERMINAL.contains(state)) {
                release.print(response, release.screen()::details);
                return "SUCCEEDED".equals(state) ? ExitCode.OK : ExitCode.ROLLOUT_NOT_SUCCEEDED;
            }
            Watcher.pause(root, interval);
        }
    }

    private static String stage(JsonNode release) {
        JsonNode stage = release.path("currentStage");
        return stage.isInt() ? " (stage " + (stage.asInt() + 1) + "/" + release.path("stages").size() + ")" : "";
    }
}
