package dev.vmssrollout.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static dev.vmssrollout.model.RolloutPlanFixture.aPlan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class PlanValidatorTest {

    private static final String GUID = RolloutPlanFixture.SUBSCRIPTION;

    @Test
    void acceptsTheFixturePlan() {
        assertThat(PlanValidator.validate(aPlan().build())).isEmpty();
    }

    @Test
    void reportsTheSchedulesProblemsUnderSchedule() {
        RolloutPlan plan = aPlan().build().withSchedule(new dev.vmssrollout.model.schedule.Schedule(null, "prod",
                List.of(dev.vmssrollout.model.schedule.WeeklyWindow.on(java.time.DayOfWeek.TUESDAY, "22:00", "02:00")),
                "Europe/Atlantis"));

        assertThat(PlanValidator.validate(plan)).extracting(Violation::field).containsExactly("schedule.timeZone");
    }

    static Stream<Arguments> plansWithOneProblem() {
        return Stream.of(
                // the scale set
                row("subscription that is not a GUID", aPlan().withSubscription("my-subscription"),
                        "target.subscriptionId", "subscription GUID"),
                row("subscription GUID missing a digit", aPlan().withSubscription(GUID.substring(1)),
                        "target.subscriptionId", "subscription GUID"),
                row("no subscription", aPlan().withSubscription(null), "target.subscriptionId", "subscription GUID"),
                row("resource group ending in '.'", aPlan().withResourceGroup("demo-rg."),
                        "target.resourceGroup", "not ending in '.'"),
                row("resource group of 91 characters", aPlan().withResourceGroup("r".repeat(91)),
                        "target.resourceGroup", "1-90"),
                row("empty resource group", aPlan().withResourceGroup(""), "target.resourceGroup", "1-90"),
                row("resource group with a slash", aPlan().withResourceGroup("demo/rg"), "target.resourceGroup", "letters, digits"),
                row("scale set name of 65 characters", aPlan().withScaleSet("w".repeat(65)), "target.scaleSet", "1-64"),
                row("scale set name starting with '-'", aPlan().withScaleSet("-web"),
                        "target.scaleSet", "starting with a letter or digit"),
                row("no scale set", aPlan().withTarget(null), "target", "is required"),
                // the image
                row("no image", aPlan().withImage(null), "image", "is required"),
                row("an image change of no shape", aPlan().withImage(new ImageChange(null, null, null, null)),
                        "image", "exactly one of"),
                row("version and id", aPlan().withImage(new ImageChange("1.2.3", null, TestImages.GALLERY_IMAGE_ID, null)),
                        "image", "exactly one of"),
                row("sku and osDiskImageUri", aPlan().withImage(new ImageChange(null, "24_04-lts", null, TestImages.VHD_URI)),
                        "image", "exactly one of"),
                row("id and osDiskImageUri", aPlan().withImage(
                        new ImageChange(null, null, TestImages.GALLERY_IMAGE_ID, TestImages.VHD_URI)), "image", "exactly one of"),
                row("version 1.2", aPlan().withImage(ImageChange.toVersion("1.2")), "image.version", "major.minor.patch"),
                row("version v1.2.3", aPlan().withImage(ImageChange.toVersion("v1.2.3")), "image.version", "'latest'"),
                row("sku with version 1.2", aPlan().withImage(ImageChange.toSku("24_04-lts", "1.2")),
                        "image.version", "major.minor.patch"),
                row("sku with a space", aPlan().withImage(ImageChange.toSku("24 04", null)), "image.sku", "image SKU"),
                row("id of a network resource", aPlan().withImage(ImageChange.toId(
                        "/subscriptions/" + GUID + "/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v")),
                        "image.id", "gallery image resource ID"),
                row("id that is a name", aPlan().withImage(ImageChange.toId("ubuntu-golden")), "image.id", "resource ID"),
                row("http:// uri", aPlan().withImage(ImageChange.toOsDiskImageUri("http://images.blob.core.windows.net/vhds/web.vhd")),
                        "image.osDiskImageUri", "https URL of a .vhd blob"),
                row("uri that is not a .vhd", aPlan().withImage(ImageChange.toOsDiskImageUri("https://images.blob.core.windows.net/vhds/web.vhdx")),
                        "image.osDiskImageUri", "https URL of a .vhd blob"),
                // the strategy
                row("batchSize 0", aPlan().withStrategy(Strategy.byUpdateDomain().withBatchSize(0)),
                        "strategy.batchSize", "at least 1"),
                row("negative batchSize", aPlan().withStrategy(Strategy.byUpdateDomain().withBatchSize(-5)),
                        "strategy.batchSize", "at least 1"),
                row("batchPercent 0", aPlan().withStrategy(Strategy.byUpdateDomain().withBatchPercent(0)),
                        "strategy.batchPercent", "between 1 and 100"),
                row("batchPercent 101", aPlan().withStrategy(Strategy.byUpdateDomain().withBatchPercent(101)),
                        "strategy.batchPercent", "between 1 and 100"),
                row("batchSize and batchPercent", aPlan().withStrategy(Strategy.of(StrategyMode.BATCH).withBatchSize(2).withBatchPercent(10)),
                        "strategy", "batchSize or batchPercent, not both"),
                row("BATCH without a size", aPlan().withStrategy(Strategy.of(StrategyMode.BATCH)),
                        "strategy.batchSize", "BATCH rollout needs batchSize or batchPercent"),
                row("INSTANCES without instance IDs", aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES)),
                        "strategy.instanceIds", "needs at least one instance ID"),
                row("INSTANCES with an ID twice", aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("3", "4", "3"))),
                        "strategy.instanceIds", "instance 3 is listed twice"),
                row("INSTANCES with a VM name", aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("3", "web_4"))),
                        "strategy.instanceIds", "'web_4' is not an instance ID"),
                row("INSTANCES with a null ID", aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(Arrays.asList("3", null))),
                        "strategy.instanceIds", "is not an instance ID"),
                row("instanceIds with UPDATE_DOMAIN", aPlan().withStrategy(Strategy.byUpdateDomain().withInstanceIds(List.of("3"))),
                        "strategy.instanceIds", "only used with mode INSTANCES"),
                row("no mode", aPlan().withStrategy(Strategy.of(null)), "strategy.mode", "is required"),
                row("no strategy", aPlan().withStrategy(null), "strategy.mode", "is required"),
                row("negative pauseBetweenWaves", aPlan().withStrategy(Strategy.byUpdateDomain().withPauseBetweenWaves(Duration.ofSeconds(-1))),
                        "strategy.pauseBetweenWaves", "between PT0S and P7D"),
                row("pauseBetweenWaves over a week", aPlan().withStrategy(Strategy.byUpdateDomain().withPauseBetweenWaves(Duration.ofDays(7).plusSeconds(1))),
                        "strategy.pauseBetweenWaves", "between PT0S and P7D"),
                // the health gate
                row("health timeout 0", aPlan().withHealth(Duration.ZERO, Duration.ZERO, 0),
                        "health.timeout", "more than PT0S and at most PT24H"),
                row("negative health timeout", aPlan().withHealth(Duration.ofMinutes(-1), null, 0),
                        "health.timeout", "more than PT0S"),
                row("health timeout over 24h", aPlan().withHealth(Duration.ofHours(24).plusSeconds(1), Duration.ZERO, 0),
                        "health.timeout", "at most PT24H"),
                row("minReady equal to the timeout", aPlan().withHealth(Duration.ofMinutes(10), Duration.ofMinutes(10), 0),
                        "health.minReady", "shorter than health.timeout"),
                row("minReady longer than the timeout", aPlan().withHealth(Duration.ofMinutes(10), Duration.ofMinutes(11), 0),
                        "health.minReady", "shorter than health.timeout"),
                row("negative minReady", aPlan().withHealth(Duration.ofMinutes(10), Duration.ofSeconds(-1), 0),
                        "health.minReady", "must not be negative"),
                row("maxUnhealthyPercent -1", aPlan().withHealth(Duration.ofMinutes(10), Duration.ZERO, -1),
                        "health.maxUnhealthyPercent", "between 0 and 100"),
                row("maxUnhealthyPercent 101", aPlan().withHealth(Duration.ofMinutes(10), Duration.ZERO, 101),
                        "health.maxUnhealthyPercent", "between 0 and 100"),
                row("wave deadline 0", aPlan().withHealth(HealthPolicy.defaults().withWaveDeadline(Duration.ZERO)),
                        "health.waveDeadline", "more than PT0S and at most PT48H"),
                row("wave deadline over 48h", aPlan().withHealth(HealthPolicy.defaults()
                                .withWaveDeadline(Duration.ofHours(48).plusSeconds(1))),
                        "health.waveDeadline", "at most PT48H"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plansWithOneProblem")
    void reportsOneViolationNamingTheFieldAndTheFix(String problem, RolloutPlan plan, String field, String keywords) {
        List<Violation> violations = PlanValidator.validate(plan);

        assertThat(violations).singleElement().satisfies(v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.message()).contains(keywords);
        });
    }

    static Stream<Arguments> acceptablePlans() {
        return Stream.of(
                arguments("version latest", aPlan().withImage(ImageChange.toVersion("latest"))),
                arguments("sku without a version", aPlan().withImage(ImageChange.toSku("24_04-lts-gen2", null))),
                arguments("sku with a version", aPlan().withImage(ImageChange.toSku("24_04-lts-gen2", "24.04.202410020"))),
                arguments("gallery image version id", aPlan().withImage(ImageChange.toId(TestImages.GALLERY_IMAGE_ID))),
                arguments("gallery image id without a version", aPlan().withImage(ImageChange.toId(
                        TestImages.GALLERY_IMAGE_ID.substring(0, TestImages.GALLERY_IMAGE_ID.indexOf("/versions/"))))),
                arguments("managed image id", aPlan().withImage(ImageChange.toId(TestImages.MANAGED_IMAGE_ID))),
                arguments("id in lower case", aPlan().withImage(ImageChange.toId(TestImages.GALLERY_IMAGE_ID.toLowerCase()))),
                arguments("https .vhd uri", aPlan().withImage(ImageChange.toOsDiskImageUri(TestImages.VHD_URI))),
                arguments("https .VHD uri", aPlan().withImage(ImageChange.toOsDiskImageUri(TestImages.VHD_URI.replace(".vhd", ".VHD")))),
                arguments("resource group with parentheses, dots and non-ASCII letters",
                        aPlan().withResourceGroup("Prod.(Zürich)_rg")),
                arguments("resource group of 90 characters", aPlan().withResourceGroup("r".repeat(90))),
                arguments("scale set name of 64 characters", aPlan().withScaleSet("w".repeat(64))),
                arguments("upper-case subscription GUID", aPlan().withSubscription("ABCDEF01-2345-6789-ABCD-EF0123456789")),
                arguments("INSTANCES with IDs", aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(List.of("0", "12")))),
                arguments("BATCH by percent", aPlan().withStrategy(Strategy.of(StrategyMode.BATCH).withBatchPercent(100))),
                arguments("pause of exactly a week", aPlan().withStrategy(Strategy.byUpdateDomain().withPauseBetweenWaves(Duration.ofDays(7)))),
                arguments("timeout of exactly 24h", aPlan().withHealth(Duration.ofHours(24), Duration.ofHours(23), 100)),
                arguments("health left to defaults", aPlan().withHealth(null)),
                arguments("health with only maxUnhealthyPercent", aPlan().withHealth(null, null, 20)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("acceptablePlans")
    void acceptsPlansAtTheEdgesOfWhatIsAllowed(String what, RolloutPlanFixture plan) {
        assertThat(PlanValidator.validate(plan.build())).isEmpty();
    }

    @Test
    void reportsEveryProblemOfAPlanAtOnce() {
        RolloutPlan plan = aPlan()
                .withResourceGroup("demo-rg.")
                .withImage(ImageChange.toVersion("1.2"))
                .withHealth(Duration.ofMinutes(10), Duration.ZERO, 101)
                .build();

        List<Violation> violations = PlanValidator.validate(plan);

        assertThat(violations).extracting(Violation::field)
                .containsExactly("target.resourceGroup", "image.version", "health.maxUnhealthyPercent");
    }

    @Test
    void aHugeListOfRepeatedAndBadInstanceIdsGetsAShortAnswer() {
        List<String> ids = new java.util.ArrayList<>(java.util.Collections.nCopies(500, "1"));
        for (int i = 0; i < 500; i++) {
            ids.add("vm" + i);
        }

        List<Violation> violations = PlanValidator.validate(aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES)
                .withInstanceIds(ids)).build());

        assertThat(violations).hasSize(11).allSatisfy(v -> assertThat(v.field()).isEqualTo("strategy.instanceIds"));
        assertThat(violations).extracting(Violation::message).containsOnlyOnce("instance 1 is listed twice")
                .contains("'vm0' is not an instance ID (a number such as 3)").last().isEqualTo("and 491 more problems of the same kinds");
    }

    @Test
    void moreInstanceIdsThanAScaleSetCanHoldAreOneViolation() {
        List<String> ids = java.util.stream.IntStream.range(0, 1_001).mapToObj(String::valueOf).toList();

        assertThat(PlanValidator.validate(aPlan().withStrategy(Strategy.of(StrategyMode.INSTANCES).withInstanceIds(ids)).build()))
                .extracting(Violation::message).containsExactly("1001 instance IDs: a scale set has at most 1000 instances");
    }

    @Test
    void reportsEveryProblemOfAStrategyAtOnce() {
        Strategy strategy = new Strategy(StrategyMode.INSTANCES, 0, 101, List.of("a", "1", "1"), Duration.ofSeconds(-1), false);

        List<Violation> violations = PlanValidator.validate(aPlan().withStrategy(strategy).build());

        assertThat(violations).extracting(Violation::field).containsExactly(
                "strategy.batchSize", "strategy.batchPercent", "strategy",
                "strategy.instanceIds", "strategy.instanceIds", "strategy.pauseBetweenWaves");
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        RolloutPlan plan = aPlan().withSubscription("nope").withScaleSet("-web").withImage(null).build();

        PlanRejectedException rejected = catchThrowableOfType(PlanRejectedException.class,
                () -> PlanValidator.requireValid(plan));

        assertThat(rejected.violations()).extracting(Violation::field)
                .containsExactly("target.subscriptionId", "target.scaleSet", "image");
        assertThat(rejected).hasMessageContaining("target.subscriptionId: must be a subscription GUID")
                .hasMessageContaining("; image: is required");
    }

    @Test
    void requireValidAcceptsAValidPlanSilently() {
        RolloutPlan plan = aPlan().build();

        PlanValidator.requireValid(plan);

        assertThat(PlanValidator.validate(plan)).isEmpty();
    }

    @Test
    void refusesAMissingPlan() {
        assertThat(PlanValidator.validate(null)).singleElement()
                .extracting(Violation::message).asString().contains("a rollout plan is required");
    }

    private static Arguments row(String problem, RolloutPlanFixture plan, String field, String keywords) {
        return arguments(problem, plan.build(), field, keywords);
    }
}
