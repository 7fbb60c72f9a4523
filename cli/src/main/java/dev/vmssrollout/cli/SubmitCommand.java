package dev.vmssrollout.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.api.ApiClient;
import dev.vmssrollout.cli.api.ApiResponse;
import dev.vmssrollout.cli.plan.PlanOptions;
import dev.vmssrollout.cli.plan.Plans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "submit", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
        description = {"Submit a rollout, from a plan file (-f) or from flags.",
                "Give exactly one image: --image-version, --sku [--image-version], --image-id or --custom-uri."},
        footerHeading = "%nExamples:%n",
        footer = {"  vmss-rollout submit -f plan.yaml --watch",
                "  vmss-rollout submit -g demo-rg -n web --image-version 24.04.202410010 \\",
                "      --by batch --batch-percent 25 --approve first-wave \\",
                "      --on-failure rollback --health-timeout 20m",
                "  vmss-rollout submit -g demo-rg -n web --sku 24_04-lts \\",
                "      --instances 3,7 --idempotency-key change-4711",
                "A plan file holds the API's request body, in JSON or YAML:",
                "  target: {subscriptionId: ..., resourceGroup: demo-rg, scaleSet: web}",
                "  image: {version: 24.04.202410010}",
                "  strategy: {mode: BATCH, batchPercent: 25, pauseBetweenWaves: PT1M}",
                "  approval: {mode: FIRST_WAVE}",
                "  health: {timeout: PT20M, minReady: PT30S, maxUnhealthyPercent: 0}",
                "  onFailure: ROLLBACK"})
class SubmitCommand implements Callable<Integer> {

    @ParentCommand
    VmssRollout root;

    @Mixin
    PlanOptions plan;

    @Option(names = "--idempotency-key", paramLabel = "KEY", order = 30,
            description = "Submitting again with the same key returns the first rollout instead of refusing a second.")
    String idempotencyKey;

    @Mixin
    WatchOptions watch;

    @Override
    public Integer call() {
        boolean machine = root.machineOutput();
        // Checked before anything is submitted: a bad --interval must not leave a rollout behind.
        Duration interval = watch.watch ? watch.interval() : null;
        ObjectNode body = Plans.body(plan, root.settings().subscription(), root.context.in());
        ApiResponse response = root.api().post(ApiClient.ROLLOUTS, body,
                idempotencyKey == null ? Map.of() : Map.of("Idempotency-Key", idempotencyKey));
        JsonNode rollout = response.json();
        String id = rollout.path("id").asText();
        if (machine && !watch.watch) {
            root.printDocument(response.body());
            return ExitCode.OK.code();
        }
        // While watching with -o json or yaml, stdout holds only the final rollout.
        PrintWriter says = machine ? root.err() : root.out();
        String where = rollout.path("target").path("resourceGroup").asText("?") + "/"
                + rollout.path("target").path("scaleSet").asText("?");
        if (response.status() == 200) {
            says.println("already submitted with idempotency key " + idempotencyKey + ": rollout " + id + " of " + where
                    + " (" + rollout.path("state").asText() + ")");
        } else {
            says.println("submitted rollout " + id + " of " + where + " (" + rollout.path("state").asText() + ")");
        }
        if (!watch.watch) {
            says.println("Follow it with 'vmss-rollout status " + id + " --watch'.");
            return ExitCode.OK.code();
        }
        says.flush();
        return new Watcher(root, interval).watch(id).code();
    }
}
