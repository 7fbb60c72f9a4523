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

/** {@code release resume|retry|rollback|abort}: what an operator tells a release, mostly after it stopped the line. */
final class ReleaseActions {

    private ReleaseActions() {
    }

    abstract static class Action implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Parameters(paramLabel = "ID", description = "The release's ID.")
        String id;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the release's reason and the log.")
        String reason;

        /** The last part of the endpoint's path. */
        abstract String action();

        /** What happens now, for people. */
        abstract String outcome();

        @Override
        public Integer call() {
            VmssRollout root = release.root;
            boolean machine = root.machineOutput();
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            ApiResponse response = root.api().post(ApiClient.release(id) + "/" + action(), body, Map.of());
            if (machine) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            root.out().println(action() + " sent to release " + id + " (it was " + response.json().path("state").asText()
                    + "): " + outcome());
            root.out().println("Follow it with 'vmss-rollout release status " + id + "'.");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "A release paused after a failure goes on; the failed scale set stays as it is.")
    static final class Resume extends Action {
        String action() {
            return "resume";
        }

        String outcome() {
            return "it goes on with the stage's other scale sets and the later stages.";
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "A release paused after a failure upgrades the failed scale sets again, each by a new rollout.")
    static final class Retry extends Action {
        String action() {
            return "retry";
        }

        String outcome() {
            return "it upgrades the failed scale sets again, then goes on.";
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Put the previous image back on every scale set the release changed, newest first.")
    static final class Rollback extends Action {
        String action() {
            return "rollback";
        }

        String outcome() {
            return "it starts nothing more and restores every scale set it changed, newest first.";
        }
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Stop the release: it starts nothing more and every scale set stays as it is.")
    static final class Abort extends Action {
        String action() {
            return "abort";
        }

        String outcome() {
            return "it starts nothing more; it ends FAILED once its running rollouts end.";
        }
    }

    @Command(name = "override", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Ask for an emergency override of the release's maintenance windows (--reason required). "
                    + "Nothing changes until another person approves it with 'release approve-override'."},
            footerHeading = "%nExample:%n",
            footer = {"  vmss-rollout release override ID --reason 'CVE-2026-1234 is exploited' -u alice"})
    static final class RequestOverride extends Action {
        String action() {
            return "override";
        }

        String outcome() {
            return "it waits for another person's approval (vmss-rollout release approve-override " + id + ").";
        }
    }

    @Command(name = "approve-override", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Approve the emergency override asked for: the stages stop waiting for windows and every "
                    + "rollout of the release gets the override. Never by the person who asked for it."},
            footerHeading = "%nExample:%n",
            footer = {"  vmss-rollout release approve-override ID --comment 'agreed on the incident call' -u bob"})
    static final class ApproveOverride implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Parameters(paramLabel = "ID", description = "The release's ID.")
        String id;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the record.")
        String comment;

        @Override
        public Integer call() {
            VmssRollout root = release.root;
            ObjectNode body = Json.MAPPER.createObjectNode();
            if (comment != null) {
                body.put("comment", comment);
            }
            ApiResponse response = root.api().post(ApiClient.release(id) + "/override/approve", body, Map.of());
            if (root.machineOutput()) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            root.out().println("override of release " + id + " approved (the release is "
                    + response.json().path("state").asText() + "): its stages no longer wait for windows, and each of "
                    + "its rollouts gets the override.");
            return ExitCode.OK.code();
        }
    }
}
