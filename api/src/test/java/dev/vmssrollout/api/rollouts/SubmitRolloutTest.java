package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.scalesets.ScaleSetNotFoundException;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.Violation;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.workflows.RolloutInput;
import dev.vmssrollout.workflows.ScaleSetInspection;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Submission and preview against a mocked store, Temporal and scale set. */
class SubmitRolloutTest extends WebTestSupport {

    private ResultActions submit(String path, String json, String... idempotencyKey) throws Exception {
        var request = post(path).with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON).content(json);
        if (idempotencyKey.length > 0) {
            request.header("Idempotency-Key", idempotencyKey[0]);
        }
        return mvc.perform(request);
    }

    private void scaleSetLooksLike(String upgradePolicy) {
        when(inspector.inspect(any())).thenAnswer(call -> Fixtures.inspection(call.getArgument(0), upgradePolicy));
    }

    private void storeAccepts() {
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(store.create(any())).thenAnswer(call -> {
            NewRollout rollout = call.getArgument(0);
            var stored = Fixtures.stored(rollout.rolloutId(), rollout.plan(), RolloutState.PENDING, rollout.submittedBy(), null);
            when(store.find(rollout.rolloutId())).thenReturn(Optional.of(stored));
            return new Created(stored, true);
        });
    }

    @Test
    void acceptedRolloutIs201WithLocationAndStartsItsWorkflow() throws Exception {
        scaleSetLooksLike("Manual");
        storeAccepts();
        when(workflows.start(any())).thenReturn(true);

        submit("/api/v1/rollouts", Fixtures.body("web", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"))
                .andExpect(status().isCreated())
                .andExpect(header().string("Location", containsString("/api/v1/rollouts/")))
                .andExpect(jsonPath("$.state").value("PENDING"))
                .andExpect(jsonPath("$.submittedBy").value("alice"))
                .andExpect(jsonPath("$.plan.strategy.mode").value("UPDATE_DOMAIN"))
                .andExpect(jsonPath("$.plan.approval.mode").value("FIRST_WAVE"))
                .andExpect(jsonPath("$.plan.health.timeout").value("PT30M"))
                .andExpect(jsonPath("$.waves.length()").value(5))
                .andExpect(jsonPath("$.events[0].type").value("SUBMITTED"))
                .andExpect(jsonPath("$.links.temporalUi", containsString("http://temporal-ui.test:8233/namespaces/default/workflows/rollout-")));

        ArgumentCaptor<RolloutInput> input = ArgumentCaptor.forClass(RolloutInput.class);
        verify(workflows).start(input.capture());
        assertThat(input.getValue().submittedBy()).isEqualTo("alice");
        assertThat(input.getValue().fourEyes()).isTrue();
        assertThat(input.getValue().resume()).isNull();
    }

    @Test
    void analysisIsPartOfThePlanWithItsDefaultsFilledIn() throws Exception {
        scaleSetLooksLike("Manual");
        storeAccepts();
        when(workflows.start(any())).thenReturn(true);

        submit("/api/v1/rollouts", Fixtures.body("web", """
                , "analysis": {"checks": [{"name": "errors", "provider": "azure-monitor", "metric": "http_error_rate",
                                            "condition": "< 0.05"}]}"""))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.plan.analysis.checks[0].aggregation").value("Average"))
                .andExpect(jsonPath("$.plan.analysis.interval").value("PT1M"))
                .andExpect(jsonPath("$.plan.analysis.samples").value(1))
                .andExpect(jsonPath("$.plan.analysis.onInconclusive").value("PAUSE"));

        ArgumentCaptor<RolloutInput> input = ArgumentCaptor.forClass(RolloutInput.class);
        verify(workflows).start(input.capture());
        assertThat(input.getValue().plan().analysis().checks()).singleElement()
                .satisfies(check -> assertThat(check.condition()).isEqualTo("< 0.05"));
    }

    @Test
    void badAnalysisIs400NamingEveryFieldAtFaultAndNeverReachesTemporal() throws Exception {
        submit("/api/v1/rollouts", Fixtures.body("web", """
                , "analysis": {"checks": [{"name": "errors", "provider": "http://169.254.169.254/metadata",
                                            "metric": "http_error_rate", "condition": "below 5%"}],
                               "interval": "5 seconds", "samples": 0}"""))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "analysis.checks[0].provider", "analysis.checks[0].condition", "analysis.interval",
                        "analysis.samples")))
                .andExpect(jsonPath("$.violations[?(@.field == 'analysis.checks[0].provider')].message")
                        .value(org.hamcrest.Matchers.hasItem(containsString("never a URL"))));

        verify(workflows, org.mockito.Mockito.never()).start(any());
    }

    @Test
    void rolloutIsAcceptedWhenTemporalIsDown() throws Exception {
        scaleSetLooksLike("Manual");
        storeAccepts();
        when(workflows.start(any())).thenThrow(new TemporalUnavailableException("down", null));

        submit("/api/v1/rollouts", Fixtures.body())
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("PENDING"));
    }

    @Test
    void busyScaleSetIs409NamingTheActiveRollout() throws Exception {
        when(store.findActive(Fixtures.WEB)).thenReturn(Optional.of(new RolloutSummary("r-active", Fixtures.WEB,
                RolloutState.RUNNING, null, "version x", "bob", 1, 5, 4, 20, null, Fixtures.AT, Fixtures.AT)));

        submit("/api/v1/rollouts", Fixtures.body())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.activeRolloutId").value("r-active"))
                .andExpect(jsonPath("$.detail", containsString("r-active")));
        verify(store, never()).create(any());
        verify(inspector, never()).inspect(any());
    }

    @Test
    void lostRaceForTheScaleSetIs409() throws Exception {
        scaleSetLooksLike("Manual");
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(store.create(any())).thenThrow(new ActiveRolloutExistsException(Fixtures.WEB, "r-winner"));

        submit("/api/v1/rollouts", Fixtures.body())
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.activeRolloutId").value("r-winner"));
        verify(workflows, never()).start(any());
    }

    @Test
    void missingScaleSetIs422NamingIt() throws Exception {
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(inspector.inspect(any())).thenAnswer(call -> {
            throw new ScaleSetNotFoundException(((RolloutPlan) call.getArgument(0)).target(), "ResourceNotFound");
        });

        submit("/api/v1/rollouts", Fixtures.body("nope", ""))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:scale-set-not-found"))
                .andExpect(jsonPath("$.scaleSet", containsString("/virtualMachineScaleSets/nope")))
                .andExpect(jsonPath("$.violations[0].field").value("target.scaleSet"));
        verify(store, never()).create(any());
    }

    @Test
    void planThatDoesNotFitTheInstancesIs422WithTheViolations() throws Exception {
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(inspector.inspect(any())).thenAnswer(call -> {
            ScaleSetInspection real = Fixtures.inspection(call.getArgument(0), "Manual");
            return new ScaleSetInspection(real.model(), real.instances(), null, null,
                    List.of(new Violation("strategy.instanceIds", "the scale set has no instance 99")));
        });

        submit("/api/v1/rollouts", Fixtures.body("web", ", \"strategy\": {\"mode\": \"INSTANCES\", \"instanceIds\": [\"99\"]}"))
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.violations[0].field").value("strategy.instanceIds"))
                .andExpect(jsonPath("$.violations[0].message", containsString("99")));
        verify(store, never()).create(any());
    }

    @Test
    void automaticPolicyIsRefusedUnlessSwitchingIsAllowed() throws Exception {
        scaleSetLooksLike("Automatic");
        when(store.findActive(any())).thenReturn(Optional.empty());

        submit("/api/v1/rollouts", Fixtures.body())
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.violations[0].field").value("allowPolicySwitch"));
        verify(store, never()).create(any());
    }

    @Test
    void temporalDownDuringInspectionIs503AndStoresNothing() throws Exception {
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(inspector.inspect(any())).thenThrow(new TemporalUnavailableException("no worker", null));

        submit("/api/v1/rollouts", Fixtures.body())
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"));
        verify(store, never()).create(any());
    }

    @Test
    void retryWithTheSameIdempotencyKeyIs200WithTheFirstRollout() throws Exception {
        scaleSetLooksLike("Manual");
        when(store.findActive(any())).thenReturn(Optional.empty());
        when(store.create(any())).thenAnswer(call -> {
            NewRollout rollout = call.getArgument(0);
            var first = Fixtures.stored("r-first", rollout.plan(), RolloutState.RUNNING, "alice", null);
            when(store.find("r-first")).thenReturn(Optional.of(first));
            return new Created(first, false);
        });

        submit("/api/v1/rollouts", Fixtures.body(), "key-1")
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "/api/v1/rollouts/r-first"))
                .andExpect(jsonPath("$.id").value("r-first"));
        verify(workflows, never()).start(any());
    }

    @Test
    void aKeyRepeatedAfterItsRolloutEndedIs200WithThatRolloutAndReadsNoScaleSet() throws Exception {
        scaleSetLooksLike("Manual");
        storeAccepts();
        submit("/api/v1/rollouts", Fixtures.body(), "key-ended").andExpect(status().isCreated());
        ArgumentCaptor<NewRollout> first = ArgumentCaptor.forClass(NewRollout.class);
        verify(store).create(first.capture());
        var ended = Fixtures.stored("r-ended", first.getValue().plan(), RolloutState.SUCCEEDED, "alice", null);
        when(store.findBySubmissionKey("alice", "key-ended")).thenReturn(Optional.of(ended));

        submit("/api/v1/rollouts", Fixtures.body(), "key-ended")
                .andExpect(status().isOk())
                .andExpect(header().string("Location", "/api/v1/rollouts/r-ended"))
                .andExpect(jsonPath("$.state").value("SUCCEEDED"));
        verify(inspector, times(1)).inspect(any());
        verify(store, times(1)).create(any());
    }

    @Test
    void anotherPlanUnderAUsedKeyIs422NamingTheRolloutWithoutReadingTheScaleSet() throws Exception {
        RolloutPlan other = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("1.0.0"), null, null, null, null, false)
                .withDefaults();
        when(store.findBySubmissionKey("alice", "key-used")).thenReturn(
                Optional.of(Fixtures.stored("r-used", other, RolloutState.CANCELLED, "alice", null)));

        submit("/api/v1/rollouts", Fixtures.body(), "key-used")
                .andExpect(status().isUnprocessableEntity())
                .andExpect(jsonPath("$.type").value(ProblemType.IDEMPOTENCY_KEY_REUSED.uri().toString()))
                .andExpect(jsonPath("$.rolloutId").value("r-used"));
        verify(inspector, never()).inspect(any());
        verify(store, never()).create(any());
    }

    @Test
    void previewShowsWavesAndWarningsAndStoresNothing() throws Exception {
        scaleSetLooksLike("Automatic");
        when(store.findActive(any())).thenReturn(Optional.empty());

        submit("/api/v1/rollouts/preview", Fixtures.body("web", ", \"allowPolicySwitch\": true"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.waves.length()").value(5))
                .andExpect(jsonPath("$.waves[0].index").value(0))
                .andExpect(jsonPath("$.waves[0].label").value("update domain 0"))
                .andExpect(jsonPath("$.waves[0].instanceIds.length()").value(4))
                .andExpect(jsonPath("$.largestWave").value(4))
                .andExpect(jsonPath("$.capacity").value(20))
                .andExpect(jsonPath("$.targetImage.version").value("24.04.202410010"))
                .andExpect(jsonPath("$.model.upgradePolicy").value("Automatic"))
                .andExpect(jsonPath("$.warnings", hasItem(containsString("switched to Manual"))))
                .andExpect(jsonPath("$.refusal").value(org.hamcrest.Matchers.nullValue()));
        verify(store, never()).create(any());
        verify(workflows, never()).start(any());
    }

    @Test
    void previewOfABusyScaleSetSaysASubmissionWouldBeRefusedAndWhy() throws Exception {
        scaleSetLooksLike("Manual");
        when(store.findActive(Fixtures.WEB)).thenReturn(Optional.of(new RolloutSummary("r-active", Fixtures.WEB,
                RolloutState.RUNNING, null, "version x", "bob", 1, 5, 4, 20, null, Fixtures.AT, Fixtures.AT)));

        submit("/api/v1/rollouts/preview", Fixtures.body())
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.waves.length()").value(5))
                .andExpect(jsonPath("$.refusal", containsString("r-active")))
                .andExpect(jsonPath("$.refusal", containsString("would be refused")));
        verify(store, never()).create(any());
    }
}
