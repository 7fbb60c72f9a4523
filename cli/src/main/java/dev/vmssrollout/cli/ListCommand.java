package dev.vmssrollout.cli;

import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.render.RolloutTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "list", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = "List rollouts, newest first.")
class ListCommand implements Callable<Integer> {

    @ParentCommand
    VmssRollout root;

    @Option(names = "--state", paramLabel = "STATE", order = 1,
            description = "Only rollouts in this state: PENDING, RUNNING, WAITING_FOR_APPROVAL, PAUSED, ROLLING_BACK, "
                    + "SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK, TERMINATED.")
    String state;

    @Option(names = {"-n", "--scale-set"}, paramLabel = "NAME", order = 2, description = "Only rollouts of this scale set.")
    String scaleSet;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "NAME", order = 3,
            description = "Only rollouts in this resource group.")
    String resourceGroup;

    @Option(names = "--subscription", paramLabel = "ID", order = 4, description = "Only rollouts in this subscription.")
    String subscription;

    @Option(names = "--limit", paramLabel = "N", order = 5, description = "At most N rollouts (the API's default: 50).")
    Integer limit;

    @Option(names = "--offset", paramLabel = "N", order = 6, description = "Skip the N newest (for the next page).")
    Integer offset;

    @Override
    public Integer call() {
        boolean machine = root.machineOutput();
        Map<String, String> query = new LinkedHashMap<>();
        if (state != null) {
            query.put("state", state.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
        putIf(query, "subscriptionId", subscription);
        putIf(query, "resourceGroup", resourceGroup);
        putIf(query, "scaleSet", scaleSet);
        putIf(query, "limit", limit == null ? null : limit.toString());
        putIf(query, "offset", offset == null ? null : offset.toString());
        String path = ApiClient.ROLLOUTS + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&")));
        ApiResponse response = root.api().get(path);
        if (machine) {
            root.printDocument(response.body());
        } else {
            new RolloutTable(root.terminal(), root.context.zone()).render(response.json()).forEach(root.out()::println);
        }
        return ExitCode.OK.code();
    }

    private static void putIf(Map<String, String> query, String name, String value) {
        if (value != null) {
            query.put(name, value);
        }
    }
}
