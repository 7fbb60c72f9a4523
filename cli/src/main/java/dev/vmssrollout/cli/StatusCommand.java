package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.render.RolloutScreen;
import dev.vmssrollout.cli.render.RolloutSnapshot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show a rollout: state, progress, and the heatmap of its waves (one row per wave, one cell "
                + "per instance, coloured by instance state).",
                "With --watch, the view is redrawn in place on a terminal and appended as lines elsewhere, until "
                        + "the rollout ends; waiting for approval or paused, it keeps watching."})
class StatusCommand implements Callable<Integer> {

    @ParentCommand
    VmssRollout root;

    @Parameters(paramLabel = "ID", description = "The rollout's ID, or enough of its start to tell it apart.")
    String id;

    @Mixin
    WatchOptions watch;

    @Option(names = "--events", paramLabel = "N", defaultValue = "5", order = 52,
            description = "Latest events shown (default ${DEFAULT-VALUE}).")
    int events;

    @Override
    public Integer call() {
        boolean machine = root.machineOutput();
        id = root.rolloutId(id);
        if (watch.watch) {
            return new Watcher(root, watch.interval()).watch(id).code();
        }
        ApiResponse response = root.api().get(ApiClient.rollout(id));
        if (machine) {
            root.printDocument(response.body());
        } else {
            new RolloutScreen(root.terminal(), root.context.zone(), Math.max(0, events))
                    .render(RolloutSnapshot.of(response.json())).forEach(root.out()::println);
        }
        return ExitCode.OK.code();
    }
}
