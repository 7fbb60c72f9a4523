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

/** The emergency override of a rollout's schedule: one person asks with a reason, another approves (four eyes). */
final class OverrideCommands {

    private OverrideCommands() {
    }

    @Command(name = "override", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Ask to run a rollout outside its maintenance windows and freezes, with a reason.",
                    "It takes effect when someone else approves it with 'vmss-rollout approve-override'."})
    static final class Request implements Callable<Integer> {

        @ParentCommand
        VmssRollout root;

        @Parameters(paramLabel = "ID", description = "The rollout's ID, or enough of its start to tell it apart.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why it cannot wait.")
        String reason;

        @Override
        public Integer call() {
            root.machineOutput();
            id = root.rolloutId(id);
            ObjectNode body = Json.MAPPER.createObjectNode().put("reason", reason);
            return send(root, id, ApiClient.rollout(id) + "/override", body,
                    "emergency override of rollout " + id + " requested; another person must approve it with "
                            + "'vmss-rollout approve-override " + id + "'.");
        }
    }

    @Command(name = "approve-override", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
            description = {"Approve someone else's emergency override: the rollout then runs outside its windows.",
                    "The person who asked may not approve it."})
    static final class Approve implements Callable<Integer> {

        @ParentCommand
        VmssRollout root;

        @Parameters(paramLabel = "ID", description = "The rollout's ID, or enough of its start to tell it apart.")
        String id;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the event log.")
        String comment;

        @Override
        public Integer call() {
            root.machineOutput();
            id = root.rolloutId(id);
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (comment != null) {
                body.put("comment", comment);
            }
            return send(root, id, ApiClient.rollout(id) + "/override/approve", body,
                    "emergency override of rollout " + id + " approved: it runs outside its windows.");
        }
    }

    private static int send(VmssRollout root, String id, String path, ObjectNode body, String done) {
        boolean machine = root.machineOutput();
        ApiResponse response = root.api().post(path, body, Map.of());
        if (machine) {
            root.printDocument(response.body());
        } else {
            root.out().println(done);
            root.out().println("Follow it with 'vmss-rollout status " + id + " --watch'.");
        }
        return ExitCode.OK.code();
    }
}
