package dev.vmssrollout.model;

import dev.vmssrollout.model.analysis.AnalysisValidator;
import dev.vmssrollout.model.schedule.ScheduleValidator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Checks a plan's shape before anything touches Azure. Checks that need the scale set's
 * instances (unknown instance IDs, waves that would empty the scale set) live in {@link WavePlanner}.
 */
public final class PlanValidator {

    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);
    public static final Duration MAX_PAUSE = Duration.ofDays(7);

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    // Azure's naming rules: resource groups 1-90 of letters, digits, _ ( ) - . (not ending in '.');
    // scale sets 1-64 of letters, digits, _ - . starting with a letter or digit.
    private static final Pattern RESOURCE_GROUP = Pattern.compile("[\\p{L}\\p{N}_()\\-.]{0,89}[\\p{L}\\p{N}_()\\-]");
    private static final Pattern SCALE_SET = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
    private static final Pattern IMAGE_VERSION = Pattern.compile("latest|\\d+\\.\\d+\\.\\d+");
    private static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.\\-]{0,63}");
    private static final Pattern IMAGE_ID = Pattern.compile(
            "/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Compute/"
                    + "(images/[^/]+|galleries/[^/]+/images/[^/]+(/versions/[^/]+)?)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern INSTANCE_ID = Pattern.compile("\\d{1,9}");

    private PlanValidator() {
    }

    /** Every problem with the plan's shape; empty when it may be planned. */
    public static List<Violation> validate(RolloutPlan plan) {
        List<Violation> violations = new ArrayList<>();
        if (plan == null) {
            violations.add(new Violation("", "a rollout plan is required"));
            return violations;
        }
        checkTarget(plan.target(), violations);
        checkImage(plan.image(), violations);
        checkStrategy(plan.strategy(), violations);
        checkHealth(plan.health(), violations);
        violations.addAll(ScheduleValidator.validate(plan.schedule(), "schedule"));
        violations.addAll(AnalysisValidator.validate(plan.analysis(), "analysis"));
        return violations;
    }

    /** The problems with a strategy's shape alone, for {@link WavePlanner}, which may see one unvalidated. */
    static List<Violation> validateStrategy(Strategy strategy) {
        List<Violation> violations = new ArrayList<>();
        checkStrategy(strategy, violations);
        return violations;
    }

    /** Throws with every violation when the plan's shape is wrong. */
    public static void requireValid(RolloutPlan plan) {
        List<Violation> violations = validate(plan);
        if (!violations.isEmpty()) {
            throw new PlanRejectedException(violations);
        }
    }

    private static void checkTarget(ScaleSetRef target, List<Violation> out) {
        if (target == null) {
            out.add(new Violation("target", "is required: give subscriptionId, resourceGroup and scaleSet"));
            return;
        }
        checkSubscription(target.subscriptionId(), "target.subscriptionId", out);
        checkResourceGroup(target.resourceGroup(), "target.resourceGroup", out);
        if (target.name() == null || !SCALE_SET.matcher(target.name()).matches()) {
            out.add(new Violation("target.scaleSet",
                    "must be 1-64 letters, digits, '_', '-' or '.', starting with a letter or digit"));
        }
    }

    /**
     * The problems with where scale sets are looked for (a list, a release stage's selection): a subscription, and a
     * resource group unless it is null; the fields are named {@code prefix + "subscriptionId"} and
     * {@code prefix + "resourceGroup"}.
     */
    public static List<Violation> validateScope(String subscriptionId, String resourceGroup, String prefix) {
        List<Violation> violations = new ArrayList<>();
        checkSubscription(subscriptionId, prefix + "subscriptionId", violations);
        if (resourceGroup != null) {
            checkResourceGroup(resourceGroup, prefix + "resourceGroup", violations);
        }
        return violations;
    }

    private static void checkSubscription(String subscriptionId, String field, List<Violation> out) {
        if (subscriptionId == null || !GUID.matcher(subscriptionId).matches()) {
            out.add(new Violation(field, "must be a subscription GUID such as 00000000-0000-0000-0000-000000000000"));
        }
    }

    private static void checkResourceGroup(String resourceGroup, String field, List<Violation> out) {
        if (resourceGroup == null || !RESOURCE_GROUP.matcher(resourceGroup).matches()) {
            out.add(new Violation(field, "must be 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending in '.'"));
        }
    }

    private static void checkImage(ImageChange image, List<Violation> out) {
        if (image == null) {
            out.add(new Violation("image", "is required: give one of version, sku (+version), id or osDiskImageUri"));
            return;
        }
        int shapes = (image.id() != null ? 1 : 0) + (image.osDiskImageUri() != null ? 1 : 0)
                + (image.sku() != null || image.version() != null ? 1 : 0);
        if (shapes != 1) {
            out.add(new Violation("image",
                    "give exactly one of: version, sku (with an optional version), id, osDiskImageUri"));
            return;
        }
        if (image.version() != null && !IMAGE_VERSION.matcher(image.version()).matches()) {
            out.add(new Violation("image.version", "must be 'latest' or major.minor.patch such as 24.04.202409010"));
        }
        if (image.sku() != null && !SKU.matcher(image.sku()).matches()) {
            out.add(new Violation("image.sku", "must be an image SKU such as 24_04-lts"));
        }
        if (image.id() != null && !IMAGE_ID.matcher(image.id()).matches()) {
            out.add(new Violation("image.id", "must be a managed image or gallery image resource ID: "
                    + "/subscriptions/{s}/resourceGroups/{rg}/providers/Microsoft.Compute/galleries/{g}/images/{i}[/versions/{v}]"));
        }
        if (image.osDiskImageUri() != null && !(image.osDiskImageUri().startsWith("https://")
                && image.osDiskImageUri().toLowerCase().endsWith(".vhd"))) {
            out.add(new Violation("image.osDiskImageUri", "must be an https URL of a .vhd blob"));
        }
    }

    private static void checkStrategy(Strategy strategy, List<Violation> out) {
        if (strategy == null || strategy.mode() == null) {
            out.add(new Violation("strategy.mode", "is required: one of UPDATE_DOMAIN, FAULT_DOMAIN, ZONE, BATCH, INSTANCES"));
            return;
        }
        if (strategy.batchSize() != null && strategy.batchSize() < 1) {
            out.add(new Violation("strategy.batchSize", "must be at least 1"));
        }
        if (strategy.batchPercent() != null && (strategy.batchPercent() < 1 || strategy.batchPercent() > 100)) {
            out.add(new Violation("strategy.batchPercent", "must be between 1 and 100"));
        }
        if (strategy.batchSize() != null && strategy.batchPercent() != null) {
            out.add(new Violation("strategy", "give batchSize or batchPercent, not both"));
        }
        if (strategy.mode() == StrategyMode.BATCH && strategy.batchSize() == null && strategy.batchPercent() == null) {
            out.add(new Violation("strategy.batchSize", "a BATCH rollout needs batchSize or batchPercent"));
        }
        checkInstanceIds(strategy, out);
        if (strategy.pauseBetweenWaves().isNegative() || strategy.pauseBetweenWaves().compareTo(MAX_PAUSE) > 0) {
            out.add(new Violation("strategy.pauseBetweenWaves", "must be between PT0S and P7D"));
        }
    }

    private static void checkInstanceIds(Strategy strategy, List<Violation> out) {
        if (strategy.mode() != StrategyMode.INSTANCES) {
            if (!strategy.instanceIds().isEmpty()) {
                out.add(new Violation("strategy.instanceIds", "are only used with mode INSTANCES"));
            }
            return;
        }
        if (strategy.instanceIds().isEmpty()) {
            out.add(new Violation("strategy.instanceIds", "an INSTANCES rollout needs at least one instance ID"));
        }
        if (strategy.instanceIds().size() > MAX_INSTANCE_IDS) {
            out.add(new Violation("strategy.instanceIds", strategy.instanceIds().size() + " instance IDs: a scale set has at most "
                    + MAX_INSTANCE_IDS + " instances"));
            return;
        }
        var seen = new HashSet<String>();
        var repeated = new HashSet<String>();
        List<Violation> found = new ArrayList<>();
        for (String id : strategy.instanceIds()) {
            if (id == null || !INSTANCE_ID.matcher(id).matches()) {
                found.add(new Violation("strategy.instanceIds", "'" + id + "' is not an instance ID (a number such as 3)"));
            } else if (!seen.add(id) && repeated.add(id)) {
                found.add(new Violation("strategy.instanceIds", "instance " + id + " is listed twice"));
            }
        }
        // The answer stays small however long the list: a few examples, then how many more.
        out.addAll(found.subList(0, Math.min(found.size(), MAX_INSTANCE_ID_VIOLATIONS)));
        if (found.size() > MAX_INSTANCE_ID_VIOLATIONS) {
            out.add(new Violation("strategy.instanceIds", "and " + (found.size() - MAX_INSTANCE_ID_VIOLATIONS)
                    + " more problems of the same kinds"));
        }
    }

    /** Azure's most instances in one scale set (platform images; custom images allow 600). */
    static final int MAX_INSTANCE_IDS = 1_000;
    private static final int MAX_INSTANCE_ID_VIOLATIONS = 10;

    /** Longer than the longest health timeout: a wave that takes two days is stuck whatever it waits for. */
    private static final Duration MAX_WAVE_DEADLINE = Duration.ofHours(48);

    private static void checkHealth(HealthPolicy health, List<Violation> out) {
        if (health == null) {
            return;
        }
        boolean timeoutValid = health.timeout() == null || (!health.timeout().isNegative()
                && !health.timeout().isZero() && health.timeout().compareTo(MAX_TIMEOUT) <= 0);
        if (!timeoutValid) {
            out.add(new Violation("health.timeout", "must be more than PT0S and at most PT24H"));
        }
        if (health.minReady() != null && health.minReady().isNegative()) {
            out.add(new Violation("health.minReady", "must not be negative"));
        }
        // Only against a valid timeout: after "timeout must be more than PT0S", a second violation
        // blaming minReady would send the user after a field that is fine.
        if (timeoutValid && health.timeout() != null && health.minReady() != null
                && health.minReady().compareTo(health.timeout()) >= 0) {
            out.add(new Violation("health.minReady", "must be shorter than health.timeout"));
        }
        if (health.maxUnhealthyPercent() < 0 || health.maxUnhealthyPercent() > 100) {
            out.add(new Violation("health.maxUnhealthyPercent", "must be between 0 and 100"));
        }
        Duration deadline = health.waveDeadline();
        if (deadline != null && (deadline.isNegative() || deadline.isZero() || deadline.compareTo(MAX_WAVE_DEADLINE) > 0)) {
            out.add(new Violation("health.waveDeadline", "must be more than PT0S and at most PT48H"));
        }
    }
}
