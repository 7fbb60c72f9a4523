package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.api.DocumentFile;
import dev.vmssrollout.cli.api.Json;
import dev.vmssrollout.cli.render.ReleaseScreen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * {@code vmss-rollout release submit|list|status|approve} and the operator actions ({@link ReleaseActions}): a
 * release upgrades many scale sets in stages, each by a rollout of its own (docs/releases.md).
 */
@Command(name = "release", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = {"Releases: many scale sets upgraded to one image in ordered stages, with bake times, approval "
                + "gates and stop-the-line. Each scale set's rollout has its own ID for the rollout commands."},
        subcommands = {ReleaseCommand.Submit.class, ReleaseCommand.ListReleases.class, ReleaseCommand.Status.class,
                ReleaseCommand.Approve.class, ReleaseActions.Resume.class, ReleaseActions.Retry.class,
                ReleaseActions.Rollback.class, ReleaseActions.Abort.class, ReleaseActions.RequestOverride.class,
                ReleaseActions.ApproveOverride.class})
final class ReleaseCommand implements Runnable {

    @ParentCommand
    VmssRollout root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "a release command is required: submit, list, status, approve, resume, retry, rollback, abort, "
                        + "override or approve-override");
    }

    ReleaseScreen screen() {
        return new ReleaseScreen(root.terminal());
    }

    /** Prints an answer: the API's document for -o json|yaml, else what {@code render} draws. */
    int print(ApiResponse response, Function<JsonNode, List<String>> render) {
        if (root.machineOutput()) {
            root.printDocument(response.body());
        } else {
            render.apply(response.json()).forEach(root.out()::println);
        }
        return ExitCode.OK.code();
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Submit a release from a file in the API's shape (JSON or YAML): image, stages (name, "
                    + "scaleSets, maxConcurrent, bakeTime, approvalRequired) and the rollout plan fields."},
            footerHeading = "%nExample:%n",
            footer = {"  vmss-rollout release submit -f release.yaml"})
    static final class Submit implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", required = true,
                description = "The release: JSON or YAML; - reads stdin.")
        String file;

        @Override
        public Integer call() {
            VmssRollout root = release.root;
            boolean machine = root.machineOutput();
            ObjectNode body = DocumentFile.read(file, root.context.in(), "release file", "release",
                    "image, stages, and optionally strategy, approval, health, onFailure, allowPairedRegionsInStage");
            ApiResponse response = root.api().post(ApiClient.RELEASES, body, Map.of());
            if (machine) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            JsonNode submitted = response.json();
            String id = submitted.path("id").asText();
            root.out().println("submitted release " + id + " (" + submitted.path("state").asText() + ")");
            release.screen().details(submitted).forEach(root.out()::println);
            root.out().println("Follow it with 'vmss-rollout release status " + id + "'.");
            return ExitCode.OK.code();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = "Releases, newest first.")
    static final class ListReleases implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "50", description = "At most N (1-200); default 50.")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 200) {
                throw CliException.badInput("--limit must be between 1 and 200");
            }
            return release.print(release.root.api().get(ApiClient.RELEASES + "?limit=" + limit), release.screen()::table);
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"One release: its state and each stage's scale sets with their rollouts and states.",
                    "With --watch, each new state is a line of its own until the release ends (a bake, an approval "
                            + "gate or a stopped line does not end it); then the release is shown in full."})
    static final class Status implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Parameters(paramLabel = "ID", description = "The release's ID.")
        String id;

        @Mixin
        WatchOptions watch;

        @Override
        public Integer call() {
            if (watch.watch) {
                return new ReleaseWatcher(release, watch.interval()).watch(id).code();
            }
            return release.print(release.root.api().get(ApiClient.release(id)), release.screen()::details);
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"Let a stage with an approval gate start. Four-eyes: not by the release's submitter."},
            footerHeading = "%nExample:%n",
            footer = {"  vmss-rollout release approve ID --stage 2 --comment 'canary is fine' -u bob"})
    static final class Approve implements Callable<Integer> {

        @ParentCommand
        ReleaseCommand release;

        @Parameters(paramLabel = "ID", description = "The release's ID.")
        String id;

        @Option(names = "--stage", paramLabel = "N", required = true, description = "The stage, counted from 1.")
        int stage;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why, for the record.")
        String comment;

        @Override
        public Integer call() {
            VmssRollout root = release.root;
            boolean machine = root.machineOutput();
            ObjectNode body = Json.MAPPER.createObjectNode().put("stage", stage);
            if (comment != null) {
                body.put("comment", comment);
            }
            ApiResponse response = root.api().post(ApiClient.release(id) + "/approve", body, Map.of());
            if (machine) {
                root.printDocument(response.body());
                return ExitCode.OK.code();
            }
            root.out().println("stage " + stage + " of release " + id + " approved (the release is "
                    + response.json().path("state").asText() + ").");
            return ExitCode.OK.code();
        }
    }
}
