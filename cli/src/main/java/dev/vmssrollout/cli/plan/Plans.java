package dev.vmssrollout.cli.plan;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vmssrollout.cli.CliException;
import dev.vmssrollout.cli.config.SettingsResolver;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/rollouts} and {@code /preview}, from a plan file or from flags.
 * Only what was given is sent, so the API's defaults apply to the rest. The CLI checks what it can
 * tell from the flags alone (one image, a target) and leaves the rules of plans to the API, which
 * reports every violation with its field.
 */
public final class Plans {

    static final String LOCAL_SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Plans() {
    }

    /**
     * @param defaultSubscription from VMSS_ROLLOUT_SUBSCRIPTION or the config file; fills a missing
     *                            {@code target.subscriptionId} of a plan file too
     */
    public static ObjectNode body(PlanOptions options, String defaultSubscription, InputStream stdin) {
        if (options.file != null) {
            List<String> flags = options.planFlagsGiven();
            if (!flags.isEmpty()) {
                throw CliException.badInput("give the plan in -f " + options.file + " or in flags, not both; "
                        + "remove " + String.join(", ", flags) + " or put them in the file");
            }
            ObjectNode plan = PlanFile.read(options.file, stdin);
            if (defaultSubscription != null && plan.get("target") instanceof ObjectNode target
                    && !target.hasNonNull("subscriptionId")) {
                target.put("subscriptionId", defaultSubscription);
            }
            return plan;
        }
        return fromFlags(options, defaultSubscription);
    }

    static ObjectNode fromFlags(PlanOptions o, String defaultSubscription) {
        List<String> problems = new ArrayList<>();
        ObjectNode plan = NODES.objectNode();

        String subscription = o.subscription != null ? o.subscription : defaultSubscription;
        if (subscription == null) {
            problems.add("--subscription is required: no default subscription is set (set "
                    + SettingsResolver.ENV_SUBSCRIPTION + " or subscription in the config file; the local stack's is "
                    + LOCAL_SUBSCRIPTION + ")");
        }
        if (o.resourceGroup == null) {
            problems.add("--resource-group is required");
        }
        if (o.scaleSet == null) {
            problems.add("--scale-set is required");
        }
        ObjectNode target = plan.putObject("target");
        putIf(target, "subscriptionId", subscription);
        putIf(target, "resourceGroup", o.resourceGroup);
        putIf(target, "scaleSet", o.scaleSet);

        image(o, plan, problems);
        strategy(o, plan, problems);

        if (o.approve != null) {
            String mode = choice("--approve", o.approve, Choices.APPROVAL, problems);
            plan.putObject("approval").put("mode", mode);
        }
        ObjectNode health = NODES.objectNode();
        putIf(health, "timeout", duration("--health-timeout", o.healthTimeout, problems));
        putIf(health, "minReady", duration("--min-ready", o.minReady, problems));
        putIf(health, "waveDeadline", duration("--wave-deadline", o.waveDeadline, problems));
        if (o.maxUnhealthyPercent != null) {
            health.put("maxUnhealthyPercent", o.maxUnhealthyPercent);
        }
        if (o.requireSignal != null) {
            health.put("requireSignal", o.requireSignal);
        }
        if (!health.isEmpty()) {
            plan.set("health", health);
        }
        if (o.onFailure != null) {
            plan.put("onFailure", choice("--on-failure", o.onFailure, Choices.ON_FAILURE, problems));
        }
        if (Boolean.TRUE.equals(o.allowPolicySwitch)) {
            plan.put("allowPolicySwitch", true);
        }

        if (!problems.isEmpty()) {
            throw CliException.badInput((problems.size() == 1 ? problems.get(0)
                    : "the plan flags have " + problems.size() + " problems:\n  - " + String.join("\n  - ", problems))
                    + "\nSee the flags with --help, or give a plan file with -f FILE.");
        }
        return plan;
    }

    private static void image(PlanOptions o, ObjectNode plan, List<String> problems) {
        int kinds = (o.imageVersion != null || o.sku != null ? 1 : 0) + (o.imageId != null ? 1 : 0)
                + (o.customUri != null ? 1 : 0);
        if (kinds == 0) {
            problems.add("which image? give --image-version V, --sku S [--image-version V], --image-id ID "
                    + "or --custom-uri URI");
        } else if (kinds > 1) {
            problems.add("give one image: --image-version V, --sku S [--image-version V], --image-id ID "
                    + "or --custom-uri URI");
        }
        ObjectNode image = plan.putObject("image");
        putIf(image, "version", o.imageVersion);
        putIf(image, "sku", o.sku);
        putIf(image, "id", o.imageId);
        putIf(image, "osDiskImageUri", o.customUri);
    }

    private static void strategy(PlanOptions o, ObjectNode plan, List<String> problems) {
        List<String> instanceIds = o.instances == null ? null
                : o.instances.stream().map(String::trim).filter(id -> !id.isEmpty()).toList();
        String mode;
        if (o.by != null) {
            mode = choice("--by", o.by, Choices.BY, problems);
        } else if (instanceIds != null) {
            mode = "INSTANCES";
        } else if (o.batchSize != null || o.batchPercent != null) {
            mode = "BATCH";
        } else {
            mode = null;
        }
        if (instanceIds != null && mode != null && !"INSTANCES".equals(mode)) {
            problems.add("--instances goes with --by instances, not --by " + o.by);
        }
        if ("INSTANCES".equals(mode) && (instanceIds == null || instanceIds.isEmpty())) {
            problems.add("--by instances needs --instances ID,ID,...");
        }
        ObjectNode strategy = NODES.objectNode();
        putIf(strategy, "mode", mode);
        if (o.batchSize != null) {
            strategy.put("batchSize", o.batchSize);
        }
        if (o.batchPercent != null) {
            strategy.put("batchPercent", o.batchPercent);
        }
        if (instanceIds != null) {
            ArrayNode ids = strategy.putArray("instanceIds");
            instanceIds.forEach(ids::add);
        }
        putIf(strategy, "pauseBetweenWaves", duration("--pause-between-waves", o.pauseBetweenWaves, problems));
        if (Boolean.TRUE.equals(o.prioritizeUnhealthy)) {
            strategy.put("prioritizeUnhealthy", true);
        }
        if (!strategy.isEmpty()) {
            plan.set("strategy", strategy);
        }
    }

    private static String choice(String flag, String value, Map<String, String> choices, List<String> problems) {
        try {
            return Choices.resolve(flag, value, choices);
        } catch (CliException e) {
            problems.add(e.getMessage());
            return null;
        }
    }

    private static String duration(String flag, String value, List<String> problems) {
        if (value == null) {
            return null;
        }
        String iso = Durations.iso(value);
        if (iso == null) {
            problems.add(flag + " '" + value + "' is not a duration such as PT30S, 30s, 5m or 1h30m");
        }
        return iso;
    }

    private static void putIf(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
