package dev.vmssrollout.cli.plan;

import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The plan of {@code submit} and {@code preview}: a file ({@code -f}) or these flags, in the spirit
 * of the old upgrade script. Every field is null when its flag was not given, so the API's defaults apply.
 */
public class PlanOptions {

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", order = 1,
            description = "Plan file, JSON or YAML, in the API's request shape; '-' reads stdin. "
                    + "Not combined with the plan flags below.")
    String file;

    @Option(names = "--subscription", paramLabel = "ID", order = 2,
            description = "Subscription of the scale set. Default: VMSS_ROLLOUT_SUBSCRIPTION, then subscription "
                    + "in the config file; there is no built-in default.")
    String subscription;

    @Option(names = {"-g", "--resource-group"}, paramLabel = "NAME", order = 3, description = "Resource group of the scale set.")
    String resourceGroup;

    @Option(names = {"-n", "--scale-set"}, paramLabel = "NAME", order = 4, description = "Name of the scale set.")
    String scaleSet;

    @Option(names = "--image-version", paramLabel = "VERSION", order = 5,
            description = "New platform image version (e.g. 24.04.202410010); with --sku, the version of the new SKU.")
    String imageVersion;

    @Option(names = "--sku", paramLabel = "SKU", order = 6, description = "New platform image SKU (e.g. 24_04-lts).")
    String sku;

    @Option(names = "--image-id", paramLabel = "ID", order = 7,
            description = "Resource ID of a managed or gallery image (version).")
    String imageId;

    @Option(names = "--custom-uri", paramLabel = "URI", order = 8,
            description = "https URL of a .vhd blob (legacy custom image).")
    String customUri;

    @Option(names = "--by", paramLabel = "GROUPING", order = 9, completionCandidates = Choices.By.class,
            description = "How instances are grouped into waves: ${COMPLETION-CANDIDATES}. Default: update-domain "
                    + "(batch when --batch-size/--batch-percent is given, instances when --instances is).")
    String by;

    @Option(names = "--batch-size", paramLabel = "N", order = 10, description = "Instances per wave (--by batch).")
    Integer batchSize;

    @Option(names = "--batch-percent", paramLabel = "P", order = 11,
            description = "Percent of the instances per wave (--by batch).")
    Integer batchPercent;

    @Option(names = "--instances", paramLabel = "ID", split = ",", order = 12,
            description = "Instance IDs to upgrade, comma-separated (--by instances).")
    List<String> instances;

    @Option(names = "--prioritize-unhealthy", order = 13, description = "Upgrade unhealthy instances first.")
    Boolean prioritizeUnhealthy;

    @Option(names = "--pause-between-waves", paramLabel = "DURATION", order = 14,
            description = "Wait between waves: ISO-8601 (PT30S) or short (30s, 5m, 1h30m).")
    String pauseBetweenWaves;

    @Option(names = "--approve", paramLabel = "MODE", order = 15, completionCandidates = Choices.Approval.class,
            description = "Where the rollout waits for an approver: ${COMPLETION-CANDIDATES}. Default: none.")
    String approve;

    @Option(names = "--on-failure", paramLabel = "POLICY", order = 16, completionCandidates = Choices.OnFailure.class,
            description = "What a failed wave does: ${COMPLETION-CANDIDATES}. Default: pause.")
    String onFailure;

    @Option(names = "--health-timeout", paramLabel = "DURATION", order = 17,
            description = "How long a wave may take to become healthy. Default: PT30M.")
    String healthTimeout;

    @Option(names = "--min-ready", paramLabel = "DURATION", order = 18,
            description = "How long an upgraded instance must stay healthy. Default: the server's (PT1M unless configured).")
    String minReady;

    @Option(names = "--max-unhealthy-percent", paramLabel = "N", order = 19,
            description = "Unhealthy instances a wave tolerates, 0-100. Default: 0.")
    Integer maxUnhealthyPercent;

    @Option(names = "--wave-deadline", paramLabel = "DURATION", order = 22,
            description = "The longest one wave may take from its upgrade call to healthy, Azure's retries included; "
                    + "a wave still going then fails. Default: the health timeout plus PT1H.")
    String waveDeadline;

    @Option(names = "--require-health-signal", paramLabel = "true|false", arity = "1", order = 21,
            description = "Count an instance healthy only when a health extension or load-balancer probe says so. "
                    + "Default: true; false lets a running instance without any signal count as healthy.")
    Boolean requireSignal;

    @Option(names = "--allow-policy-switch", order = 20,
            description = "Switch an Automatic upgrade policy to Manual for the rollout and restore it after, "
                    + "instead of refusing.")
    Boolean allowPolicySwitch;

    /** The flags given that shape the plan, for refusing them next to {@code -f}. */
    List<String> planFlagsGiven() {
        List<String> given = new ArrayList<>();
        addIf(given, subscription, "--subscription");
        addIf(given, resourceGroup, "--resource-group");
        addIf(given, scaleSet, "--scale-set");
        addIf(given, imageVersion, "--image-version");
        addIf(given, sku, "--sku");
        addIf(given, imageId, "--image-id");
        addIf(given, customUri, "--custom-uri");
        addIf(given, by, "--by");
        addIf(given, batchSize, "--batch-size");
        addIf(given, batchPercent, "--batch-percent");
        addIf(given, instances, "--instances");
        addIf(given, prioritizeUnhealthy, "--prioritize-unhealthy");
        addIf(given, pauseBetweenWaves, "--pause-between-waves");
        addIf(given, approve, "--approve");
        addIf(given, onFailure, "--on-failure");
        addIf(given, healthTimeout, "--health-timeout");
        addIf(given, minReady, "--min-ready");
        addIf(given, maxUnhealthyPercent, "--max-unhealthy-percent");
        addIf(given, requireSignal, "--require-health-signal");
        addIf(given, waveDeadline, "--wave-deadline");
        addIf(given, allowPolicySwitch, "--allow-policy-switch");
        return given;
    }

    private static void addIf(List<String> given, Object value, String flag) {
        if (value != null) {
            given.add(flag);
        }
    }
}
