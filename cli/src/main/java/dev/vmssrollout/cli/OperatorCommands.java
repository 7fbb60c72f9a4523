package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.api.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * pause, resume, retry, cancel and rollback: one request each, relayed by the API to the rollout's
 * workflow, which acts on it and records it in the event log.
 */
final class OperatorCommands {

    private OperatorCommands() {
    }

    abstract static class Action implements Callable<Integer> {

        @ParentCommand
        VmssRollout root;

        @Parameters(paramLabel = "ID", description = "The rollout's ID, or enough of its start to tell it apart.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the event log.")
        String reason;

        /** The last part of the endpoint's path. */
        abstract String action();

        /** What happens now, for people. */
        abstract String outcome();

        @Override
        public Integer call() {
            boolean machine = root.machineOutput();
            id = root.rolloutId(id);
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            ApiResponse response = root.api().post(ApiClient.rollout(id) + "/" + action(), body, Map.of());
            if (machine) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            root.out().println(action() + " sent to rollout " + id + " (it was " + response.json().path("state").asText()
                    + "): " + outcome());
            root.out().println("Follow it with 'vmss-rollout status " + id + " --watch'.");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Pause a rollout between waves: the current wave finishes first.")
    static final class Pause extends Action {
        String action() {
            return "pause";
        }

        String outcome() {
            return "it pauses when the current wave ends.";
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Resume a paused rollout.")
    static final class Resume extends Action {
        String action() {
            return "resume";
        }

        String outcome() {
            return "it carries on with the next wave.";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Retry the failed wave of a rollout paused after the failure.")
    static final class Retry extends Action {
        String action() {
            return "retry";
        }

        String outcome() {
            return "it upgrades the failed wave again.";
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Cancel a rollout now: a wave in flight is interrupted; upgraded instances keep the new image.")
    static final class Cancel extends Action {
        String action() {
            return "cancel";
        }

        String outcome() {
            return "it stops now, interrupting a wave in flight.";
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Roll a rollout back: the previous image goes back on every instance it upgraded.")
    static final class Rollback extends Action {
        String action() {
            return "rollback";
        }

        String outcome() {
            return "it puts the previous image back, wave by wave.";
        }
    }
}
