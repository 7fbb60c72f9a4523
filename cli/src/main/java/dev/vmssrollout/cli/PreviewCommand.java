package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.plan.PlanOptions;
import dev.vmssrollout.cli.plan.Plans;
import dev.vmssrollout.cli.render.PreviewScreen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "preview", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Show the waves a plan would run, without changing anything.",
                "Takes the same plan file or flags as submit."})
class PreviewCommand implements Callable<Integer> {

    @ParentCommand
    VmssRollout root;

    @Mixin
    PlanOptions plan;

    @Override
    public Integer call() {
        boolean machine = root.machineOutput();
        ApiResponse response = root.api().post(ApiClient.ROLLOUTS + "/preview",
                Plans.body(plan, root.settings().subscription(), root.context.in()), Map.of());
        if (machine) {
            root.printDocument(response.body());
        } else {
            new PreviewScreen(root.terminal()).render(response.json()).forEach(root.out()::println);
            root.out().println();
            root.out().println("To start it, run the same command with 'submit' instead of 'preview'.");
        }
        return ExitCode.OK.code();
    }
}
