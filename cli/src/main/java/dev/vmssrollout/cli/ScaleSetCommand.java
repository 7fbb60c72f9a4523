package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.render.ScaleSetScreen;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.util.Arrays;
import java.util.concurrent.Callable;

@Command(name = "scaleset", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
        description = "Scale sets as Azure reports them now, through the worker.",
        subcommands = {ScaleSetCommand.Show.class, ScaleSetCommand.ListScaleSets.class})
final class ScaleSetCommand implements Runnable {

    @ParentCommand
    VmssRollout root;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a scaleset command is required: show, list");
    }

    @Command(name = "list", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"The scale sets the worker can see in a subscription, or in one of its resource groups "
                    + "(at most 1,000).",
                    "Example: vmss-rollout scaleset list --resource-group demo-rg"})
    static final class ListScaleSets implements Callable<Integer> {

        @ParentCommand
        ScaleSetCommand scaleSets;

        @Option(names = "--subscription", paramLabel = "ID",
                description = "The subscription (default: VMSS_ROLLOUT_SUBSCRIPTION).")
        String subscription;

        @Option(names = {"-g", "--resource-group"}, paramLabel = "NAME",
                description = "Only this resource group's scale sets.")
        String resourceGroup;

        @Override
        public Integer call() {
            VmssRollout root = scaleSets.root;
            String sub = subscription != null ? subscription : root.settings().subscription();
            if (sub == null || sub.isBlank()) {
                throw CliException.badInput("no subscription: give --subscription or set VMSS_ROLLOUT_SUBSCRIPTION");
            }
            ApiResponse response = root.api().get(ApiClient.scaleSets(sub, resourceGroup));
            if (root.machineOutput()) {
                root.printDocument(response.body());
            } else {
                String where = resourceGroup == null ? "subscription " + sub : "resource group " + resourceGroup;
                new ScaleSetScreen(root.terminal()).list(response.json(), where).forEach(root.out()::println);
            }
            return ExitCode.OK.code();
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, usageHelpAutoWidth = true,
            description = {"A scale set's model and its instances as the update-domain x fault-domain grid "
                    + "(rows: update domains, columns: fault domains), each instance with its health symbol.",
                    "Example: vmss-rollout scaleset show demo-rg/web (the subscription from VMSS_ROLLOUT_SUBSCRIPTION)"})
    static final class Show implements Callable<Integer> {

        @ParentCommand
        ScaleSetCommand scaleSets;

        @Parameters(paramLabel = "[SUBSCRIPTION/]RESOURCE_GROUP/NAME",
                description = "The scale set; without a subscription, the default one.")
        String target;

        @Override
        public Integer call() {
            VmssRollout root = scaleSets.root;
            boolean machine = root.machineOutput();
            String[] parts = target.split("/", -1);
            String subscription = parts.length == 3 ? parts[0] : root.settings().subscription();
            if (parts.length < 2 || parts.length > 3 || Arrays.stream(parts).anyMatch(String::isBlank)) {
                throw CliException.badInput("'" + target + "' is not [SUBSCRIPTION/]RESOURCE_GROUP/NAME");
            }
            if (subscription == null) {
                throw CliException.badInput("no subscription: give SUBSCRIPTION/RESOURCE_GROUP/NAME or set "
                        + "VMSS_ROLLOUT_SUBSCRIPTION");
            }
            String resourceGroup = parts[parts.length - 2];
            String name = parts[parts.length - 1];
            ApiResponse response = root.api().get(ApiClient.scaleSet(subscription, resourceGroup, name));
            if (machine) {
                root.printDocument(response.body());
            } else {
                new ScaleSetScreen(root.terminal()).render(response.json()).forEach(root.out()::println);
            }
            return ExitCode.OK.code();
        }
    }
}
