package dev.vmssrollout.model.release;

import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.StrategyMode;
import dev.vmssrollout.model.Violation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.vmssrollout.model.release.ReleasePlanFixture.aRelease;
import static dev.vmssrollout.model.release.ReleasePlanFixture.scaleSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReleaseValidatorTest {

    private static final RegionPairs PAIRS = RegionPairs.azureDefaults();

    private static List<Violation> validate(ReleasePlanFixture release) {
        return ReleaseValidator.validate(release.build(), PAIRS);
    }

    @Test
    void acceptsThreeStagesWithOneRegionOfEachPairPerStage() {
        assertThat(validate(aRelease()
                .stage("canary", 1, scaleSet("web-1", "eastus"))
                .stage("first-of-pairs", 2, scaleSet("web-2", "eastus"), scaleSet("web-3", "northeurope"))
                .stage("second-of-pairs", 2, scaleSet("web-4", "westus"), scaleSet("web-5", "westeurope"))))
                .isEmpty();
    }

    @Test
    void refusesAReleaseWithoutStages() {
        assertThat(validate(aRelease())).containsExactly(new Violation("stages", "a release needs at least one stage"));
    }

    @Test
    void refusesAStageWithoutScaleSets() {
        assertThat(validate(aRelease().stage("canary", 1))).extracting(Violation::field)
                .containsExactly("stages[0].scaleSets");
    }

    @Test
    void refusesAScaleSetListedInTwoStagesNamingBoth() {
        List<Violation> violations = validate(aRelease()
                .stage("canary", 1, scaleSet("web-1", "eastus"))
                .stage("rest", 1, scaleSet("web-2", "eastus"), scaleSet("WEB-1", "eastus")));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("stages[1].scaleSets[1]");
            assertThat(violation.message()).contains("already listed at stages[0].scaleSets[0]");
        });
    }

    @Test
    void refusesMaxConcurrentBelowOne() {
        assertThat(validate(aRelease().stage("canary", 0, scaleSet("web-1", "eastus"))))
                .containsExactly(new Violation("stages[0].maxConcurrent", "must be between 1 and 200"));
    }

    @Test
    void refusesNegativeAndOverlongBakeTimes() {
        List<Violation> violations = validate(aRelease()
                .stage(new ReleaseStage("canary", List.of(scaleSet("web-1", "eastus")), 1, Duration.ofSeconds(-1)))
                .stage(new ReleaseStage("rest", List.of(scaleSet("web-2", "eastus")), 1, Duration.ofDays(8))));

        assertThat(violations).extracting(Violation::field)
                .containsExactly("stages[0].bakeTime", "stages[1].bakeTime");
    }

    @Test
    void refusesUnnamedAndTwiceNamedStages() {
        assertThat(validate(aRelease()
                .stage(" ", 1, scaleSet("web-1", "eastus"))
                .stage("rest", 1, scaleSet("web-2", "eastus"))
                .stage("rest", 1, scaleSet("web-3", "eastus"))))
                .extracting(Violation::field).containsExactly("stages[0].name", "stages[2].name");
    }

    @Test
    void refusesARegionPairInOneStage() {
        List<Violation> violations = validate(aRelease()
                .stage("all", 3, scaleSet("web-1", "NorthEurope"), scaleSet("web-2", "westeurope"),
                        scaleSet("web-3", "northeurope")));

        assertThat(violations).singleElement().satisfies(violation -> {
            assertThat(violation.field()).isEqualTo("stages[0].scaleSets");
            assertThat(violation.message()).contains("northeurope and westeurope").contains("allowPairedRegionsInStage");
        });
    }

    @Test
    void acceptsARegionPairInOneStageWhenThePlanSaysSo() {
        assertThat(validate(aRelease().allowingPairedRegionsInStage()
                .stage("all", 2, scaleSet("web-1", "eastus"), scaleSet("web-2", "westus")))).isEmpty();
    }

    @Test
    void usesTheConfiguredPairingTable() {
        var release = aRelease().stage("all", 2, scaleSet("web-1", "mars-north"), scaleSet("web-2", "mars-south"));

        assertThat(ReleaseValidator.validate(release.build(), PAIRS)).isEmpty();
        assertThat(ReleaseValidator.validate(release.build(), RegionPairs.of(Map.of("mars-north", "mars-south"))))
                .extracting(Violation::field).containsExactly("stages[0].scaleSets");
    }

    @Test
    void aRegionPairWrittenAsAzureShowsItIsStillAPair() {
        // "East US" and "West US" passed the pair rule while only case was ignored: the shared RegionPairs.name now
        // reads regions as ARM names them, as the release's location check and its selections do.
        var release = aRelease().stage("all", 2, scaleSet("web-1", "East US"), scaleSet("web-2", "West US"));

        assertThat(validate(release)).extracting(Violation::message).containsExactly("regions eastus and westus are an"
                + " Azure region pair and may not be upgraded in one stage; put them in different stages, or set"
                + " allowPairedRegionsInStage: true");
    }

    @Test
    void aRegionMayHaveMoreThanOnePartner() {
        assertThat(PAIRS.arePaired("eastus", "westus")).isTrue();
        assertThat(PAIRS.arePaired("westus3", "eastus")).isTrue();
        assertThat(PAIRS.arePaired("westus3", "westus")).isFalse();
    }

    @Test
    void namesAScaleSetsBadFieldsAfterItsPlaceInTheRelease() {
        List<Violation> violations = validate(aRelease()
                .stage("canary", 1, new ReleaseScaleSet("not-a-guid", "fleet-rg", "-web", "eastus")));

        assertThat(violations).extracting(Violation::field)
                .containsExactly("stages[0].scaleSets[0].subscriptionId", "stages[0].scaleSets[0].scaleSet");
    }

    @Test
    void reportsAProblemOfTheReleasesRolloutPlanOnceNotPerScaleSet() {
        List<Violation> violations = validate(aRelease()
                .withRollout(new RolloutPlan(null, ImageChange.toVersion("v1"), null, null,
                        null, null, false))
                .stage("canary", 1, scaleSet("web-1", "eastus"), scaleSet("web-2", "eastus")));

        assertThat(violations).extracting(Violation::field).containsExactly("image.version");
    }

    @Test
    void reportsAStagesOwnStrategyUnderTheStage() {
        ReleaseStage stage = new ReleaseStage("canary", List.of(scaleSet("web-1", "eastus")), 1, Duration.ZERO, false,
                new StageOverrides(Strategy.of(StrategyMode.BATCH), null, null, null));

        assertThat(validate(aRelease().stage(stage))).extracting(Violation::field)
                .containsExactly("stages[0].strategy.batchSize");
    }

    @Test
    void givesEachScaleSetTheReleasesPlanWithItsStagesOverrides() {
        ReleaseStage canary = new ReleaseStage("canary", List.of(scaleSet("web-1", "eastus")), 1, Duration.ZERO, false,
                new StageOverrides(Strategy.of(StrategyMode.BATCH).withBatchSize(1), null, null, null));
        ReleasePlan plan = aRelease().stage(canary).stage("rest", 1, scaleSet("web-2", "eastus")).build();

        var canaryPlan = plan.rolloutFor(canary, canary.scaleSets().get(0));
        var restPlan = plan.rolloutFor(plan.stages().get(1), plan.stages().get(1).scaleSets().get(0));

        assertThat(canaryPlan.target()).isEqualTo(scaleSet("web-1", "eastus").ref());
        assertThat(canaryPlan.strategy().mode()).isEqualTo(StrategyMode.BATCH);
        assertThat(restPlan.target().name()).isEqualTo("web-2");
        assertThat(restPlan.strategy().mode()).isEqualTo(StrategyMode.UPDATE_DOMAIN);
        assertThat(restPlan.image()).isEqualTo(plan.rollout().image());
    }

    @Test
    void refusesAFailurePolicyOtherThanAbortSinceTheReleaseStopsTheLine() {
        ReleaseStage stage = new ReleaseStage("canary", List.of(scaleSet("web-1", "eastus")), 1, Duration.ZERO, false,
                new StageOverrides(null, null, null, FailurePolicy.ROLLBACK));
        RolloutPlan pausing = aRelease().build().rollout();
        pausing = new RolloutPlan(null, pausing.image(), pausing.strategy(), pausing.approval(), pausing.health(),
                FailurePolicy.PAUSE, false);

        assertThat(validate(aRelease().withRollout(pausing).stage(stage))).extracting(Violation::field)
                .containsExactly("onFailure", "stages[0].onFailure");
        assertThat(aRelease().stage("canary", 1, scaleSet("web-1", "eastus")).build()
                .rolloutFor(stage, stage.scaleSets().get(0)).onFailure()).isEqualTo(FailurePolicy.ABORT);
    }

    @Test
    void aPlanWithDefaultsIsValidAndItsRolloutsAbortOnFailure() {
        ReleasePlan plan = aRelease().stage("canary", 1, scaleSet("web-1", "eastus")).build().withDefaults();

        assertThat(ReleaseValidator.validate(plan, PAIRS)).isEmpty();
        assertThat(plan.rollout().onFailure()).isEqualTo(FailurePolicy.ABORT);
    }

    @Test
    void requireValidThrowsWithEveryViolation() {
        assertThatThrownBy(() -> ReleaseValidator.requireValid(aRelease().stage("canary", 0).build(), PAIRS))
                .isInstanceOf(PlanRejectedException.class)
                .satisfies(e -> assertThat(((PlanRejectedException) e).violations()).hasSize(2));
    }
}
