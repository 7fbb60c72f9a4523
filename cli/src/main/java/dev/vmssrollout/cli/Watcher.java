package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiException;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.render.RolloutSnapshot;
import dev.vmssrollout.cli.render.WatchView;

import java.time.Duration;
import java.util.Objects;

/**
 * Polls a rollout until it ends. A rollout that waits for approval or is paused is still going: the
 * watch says so and keeps going. A few failed polls in a row (the API restarting) are tolerated; a
 * rollout outlives its API process, so a watch should too.
 */
final class Watcher {

    static final int MAX_FAILED_POLLS = 10;

    private final VmssRollout root;
    private final Duration interval;

    Watcher(VmssRollout root, Duration interval) {
        this.root = root;
        this.interval = interval;
    }

    /** Watches until the rollout ends; returns 0 when it SUCCEEDED, 1 when it ended otherwise. */
    ExitCode watch(String id) {
        ApiClient api = root.api();
        boolean machine = root.machineOutput();
        WatchView view = machine ? null : WatchView.of(root.terminal(), root.out(), root.context.zone());
        Integer announcedWave = null;
        int failedPolls = 0;
        while (true) {
            ApiResponse response;
            try {
                response = api.get(ApiClient.rollout(id));
                failedPolls = 0;
            } catch (CliException e) {
                if (!passing(e) || ++failedPolls >= MAX_FAILED_POLLS) {
                    throw e;
                }
                String message = "poll " + failedPolls + " of " + MAX_FAILED_POLLS + " failed, still watching: "
                        + e.getMessage().lines().findFirst().orElse("");
                if (view == null) {
                    root.err().println(message);
                } else {
                    view.note(message);
                }
                pause();
                continue;
            }
            RolloutSnapshot rollout = RolloutSnapshot.of(response.json());
            if (view != null) {
                view.show(rollout);
            } else if ("WAITING_FOR_APPROVAL".equals(rollout.state())
                    && !Objects.equals(announcedWave, rollout.waitingForApprovalWave())) {
                // JSON on stdout stays clean for scripts; people still learn why nothing happens.
                announcedWave = rollout.waitingForApprovalWave();
                root.err().println("rollout " + id + " waits for approval of wave " + (announcedWave == null ? "?" : announcedWave + 1)
                        + " by an approver"
                        + (rollout.submittedBy() == null ? "" : " other than " + rollout.submittedBy())
                        + "; still watching");
            }
            if (rollout.terminal()) {
                if (view != null) {
                    view.finish(rollout);
                } else {
                    root.printDocument(response.body());
                }
                return rollout.succeeded() ? ExitCode.OK : ExitCode.ROLLOUT_NOT_SUCCEEDED;
            }
            pause();
        }
    }

    /** Unreachable, or a 502/503/504: likely to pass. Anything else (401, 404) will not. */
    static boolean passing(CliException e) {
        return e.exitCode() == ExitCode.UNREACHABLE || e instanceof ApiException api && api.transientFailure();
    }

    private void pause() {
        pause(root, interval);
    }

    /** The pause between two polls of a watch, through the context's pacer (the tests' does not wait). */
    static void pause(VmssRollout root, Duration interval) {
        try {
            root.context.pacer().pause(interval);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCode.SERVER_ERROR, "interrupted while watching");
        }
    }
}
