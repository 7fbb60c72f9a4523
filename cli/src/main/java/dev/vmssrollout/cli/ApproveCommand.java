package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
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

@Command(name = "approve", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Approve the wave a rollout waits for (or the given one).",
                "With the four-eyes rule on, the rollout's submitter may not approve it."})
class ApproveCommand implements Callable<Integer> {

    @ParentCommand
    VmssRollout root;

    @Parameters(paramLabel = "ID", description = "The rollout's ID, or enough of its start to tell it apart.")
    String id;

    @Option(names = "--wave", paramLabel = "N", order = 1,
            description = "The wave to approve, numbered from 1 as in the status view (wave 2/5 is 2). "
                    + "Default: the wave waiting for approval.")
    Integer wave;

    @Option(names = "--comment", paramLabel = "TEXT", order = 2, description = "Why, for the event log.")
    String comment;

    @Override
    public Integer call() {
        boolean machine = root.machineOutput();
        ObjectNode body = Json.MAPPER.createObjectNode();
        if (wave != null) {
            if (wave < 1) {
                throw CliException.badInput("--wave " + wave + ": waves are numbered from 1, as 'vmss-rollout status' shows them");
            }
            body.put("waveNumber", wave);
        }
        if (comment != null) {
            body.put("comment", comment);
        }
        id = root.rolloutId(id);
        ApiResponse response = root.api().post(ApiClient.rollout(id) + "/approve", body, Map.of());
        if (machine) {
            root.printDocument(response.body());
            return ExitCode.OK.code();
        }
        JsonNode rollout = response.json();
        String which = wave != null ? "wave " + wave : approvedWave(rollout, root.settings().user());
        root.out().println("approved " + which + " of rollout " + id + ".");
        root.out().println("Follow it with 'vmss-rollout status " + id + " --watch'.");
        return ExitCode.OK.code();
    }

    /** The wave this user approved last, as the rollout records it; the API chose it, so we look it up. */
    private static String approvedWave(JsonNode rollout, String user) {
        JsonNode found = null;
        for (JsonNode approval : rollout.path("approvals")) {
            if (approval.path("approver").asText("").equalsIgnoreCase(user == null ? "" : user)) {
                found = approval;
            }
        }
        return found != null && found.hasNonNull("wave") ? "wave " + (found.get("wave").asInt() + 1) : "the waiting wave";
    }
}
