package dev.vmssrollout.api.releases;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseScaleSetStatus;
import dev.vmssrollout.model.release.StageStatus;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.workflows.OperatorCommand;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetSummary;
import io.temporal.client.WorkflowStub;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.MediaType;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class ReleasesApiTest extends WebTestSupport {

    private static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    private static final Instant AT = Instant.parse("2026-12-04T10:00:00Z");

    private static String scaleSet(String name, String region) {
        return """
                {"subscriptionId": "%s", "resourceGroup": "fleet-rg", "scaleSet": "%s", "region": "%s"}"""
                .formatted(SUBSCRIPTION, name, region);
    }

    private static final String VALID = """
            {"image": {"version": "24.04.202410010"},
             "stages": [{"name": "canary", "scaleSets": [%s], "maxConcurrent": 1, "bakeTime": "PT10S"},
                        {"name": "rest", "scaleSets": [%s, %s], "maxConcurrent": 2}]}"""
            .formatted(scaleSet("web-1", "eastus"), scaleSet("web-2", "westeurope"), scaleSet("web-3", "westus"));

    @Test
    void storesAValidReleaseStartsItsWorkflowAndAnswers201WithLocation() throws Exception {
        when(releases.create(any())).thenAnswer(call -> stored(call.getArgument(0)));
        when(workflowClient.newWorkflowStub(any(Class.class), any(io.temporal.client.WorkflowOptions.class)))
                .thenReturn(mock(dev.vmssrollout.workflows.releases.ReleaseWorkflow.class));

        var response = mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(VALID))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.state").value("PENDING"))
                .andExpect(jsonPath("$.stages[1].scaleSets[1].scaleSet").value("web-3"))
                .andExpect(jsonPath("$.stages[0].bakeTime").value("PT10S"))
                .andReturn().getResponse();

        ArgumentCaptor<NewRelease> created = ArgumentCaptor.forClass(NewRelease.class);
        verify(releases).create(created.capture());
        assertThat(response.getHeader("Location")).isEqualTo("/api/v1/releases/" + created.getValue().releaseId());
        assertThat(created.getValue().submittedBy()).isEqualTo("alice");
        assertThat(created.getValue().plan().scaleSetCount()).isEqualTo(3);
    }

    @Test
    void refusesABadPlanWith400NamingEveryFieldAndStoresNothing() throws Exception {
        String bad = """
                {"image": {"version": "24.04.202410010"},
                 "stages": [{"name": "all", "scaleSets": [%s, %s, %s], "maxConcurrent": 0, "bakeTime": "ten seconds"}]}"""
                .formatted(scaleSet("web-1", "eastus"), scaleSet("web-2", "westus"), scaleSet("WEB-1", "centralus"));

        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(bad))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[*].field").value(org.hamcrest.Matchers.containsInAnyOrder(
                        "stages[0].maxConcurrent", "stages[0].scaleSets[2]", "stages[0].scaleSets",
                        "stages[0].bakeTime")));
        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"image\": {\"version\": \"1.2.3\"}}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("stages"));
        verify(releases, never()).create(any());
    }

    @Test
    void showsAReleaseWithEachScaleSetsRolloutAndAnswers404ForAnUnknownOne() throws Exception {
        ReleaseDetails release = stored(new NewRelease("rel-1", ReleaseMapper.toValidPlan(
                new com.fasterxml.jackson.databind.ObjectMapper().readValue(VALID, ReleaseRequest.class),
                dev.vmssrollout.model.release.RegionPairs.azureDefaults()), "alice", AT));
        ReleaseDetails running = new ReleaseDetails(release.id(), release.plan(), RolloutState.RUNNING, null, "alice", 0,
                List.of(new StageStatus(0, "canary", List.of(new ReleaseScaleSetStatus(0,
                        release.plan().stages().get(0).scaleSets().get(0), "r-9", RolloutState.RUNNING, null, null))),
                        release.stages().get(1)), AT, AT);
        when(releases.find("rel-1")).thenReturn(Optional.of(running));

        mvc.perform(get("/api/v1/releases/rel-1").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.state").value("RUNNING"))
                .andExpect(jsonPath("$.stages[0].scaleSets[0].rolloutId").value("r-9"))
                .andExpect(jsonPath("$.stages[0].scaleSets[0].rolloutState").value("RUNNING"))
                .andExpect(jsonPath("$.stages[0].scaleSets[0].rollout").value("/api/v1/rollouts/r-9"))
                .andExpect(jsonPath("$.stages[1].scaleSets[0].rolloutId").doesNotExist());
        mvc.perform(get("/api/v1/releases/nope").with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound());
    }

    @Test
    void refusesResumeUnlessPausedAndSignalsTheWorkflowWhenItIs() throws Exception {
        ReleaseDetails release = stored(new NewRelease("rel-2", ReleaseMapper.toValidPlan(
                new com.fasterxml.jackson.databind.ObjectMapper().readValue(VALID, ReleaseRequest.class),
                dev.vmssrollout.model.release.RegionPairs.azureDefaults()), "alice", AT));
        when(releases.find("rel-2")).thenReturn(Optional.of(release));
        WorkflowStub stub = mock(WorkflowStub.class);
        when(workflowClient.newUntypedWorkflowStub(anyString())).thenReturn(stub);

        mvc.perform(post("/api/v1/releases/rel-2/resume").with(httpBasic("bob", "bob")))
                .andExpect(status().isConflict());
        verify(stub, never()).signal(anyString(), any());

        ReleaseDetails paused = new ReleaseDetails(release.id(), release.plan(), RolloutState.PAUSED, "failed",
                "alice", 1, release.stages(), AT, AT);
        when(releases.find("rel-2")).thenReturn(Optional.of(paused));
        mvc.perform(post("/api/v1/releases/rel-2/resume").with(httpBasic("bob", "bob")))
                .andExpect(status().isAccepted());
        verify(stub).signal(org.mockito.ArgumentMatchers.eq("resume"), any());
    }

    @Test
    void anOverrideNeedsAReasonAndASchedulePassesToTheWorkflowAndIsApprovedOnlyByAnotherPerson() throws Exception {
        String scheduled = VALID.replaceFirst("\\{", "{\"schedule\": {\"notBefore\": \"2027-01-01T00:00:00Z\"}, ");
        ReleaseDetails plain = stored(new NewRelease("rel-3", ReleaseMapper.toValidPlan(new com.fasterxml.jackson
                .databind.ObjectMapper().readValue(VALID, ReleaseRequest.class),
                dev.vmssrollout.model.release.RegionPairs.azureDefaults()), "alice", AT));
        ReleaseDetails waiting = withState(stored(new NewRelease("rel-4", ReleaseMapper.toValidPlan(new com.fasterxml
                .jackson.databind.ObjectMapper().readValue(scheduled, ReleaseRequest.class),
                dev.vmssrollout.model.release.RegionPairs.azureDefaults()), "alice", AT)), null);
        when(releases.find("rel-3")).thenReturn(Optional.of(plain));
        when(releases.find("rel-4")).thenReturn(Optional.of(waiting));
        WorkflowStub stub = mock(WorkflowStub.class);
        when(workflowClient.newUntypedWorkflowStub(anyString())).thenReturn(stub);
        String reason = "{\"reason\": \"CVE-2026-1234 is exploited\"}";

        mvc.perform(post("/api/v1/releases/rel-4/override").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \" \"}"))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.violations[0].field").value("reason"));
        mvc.perform(post("/api/v1/releases/rel-3/override").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(reason))
                .andExpect(status().isConflict()).andExpect(jsonPath("$.detail").value(
                        org.hamcrest.Matchers.containsString("has no schedule")));
        mvc.perform(post("/api/v1/releases/rel-4/override/approve").with(httpBasic("bob", "bob")))
                .andExpect(status().isConflict());
        verify(stub, never()).signal(anyString(), any());

        mvc.perform(post("/api/v1/releases/rel-4/override").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(reason))
                .andExpect(status().isAccepted());
        ArgumentCaptor<Object> asked = ArgumentCaptor.forClass(Object.class);
        verify(stub).signal(org.mockito.ArgumentMatchers.eq("requestOverride"), asked.capture());
        assertThat(asked.getValue()).isInstanceOfSatisfying(OperatorCommand.class, command -> {
            assertThat(command.actor()).isEqualTo("alice");
            assertThat(command.reason()).isEqualTo("CVE-2026-1234 is exploited");
            assertThat(command.requestId()).as("the API's request row").isNotNull();
        });

        when(releases.find("rel-4")).thenReturn(Optional.of(withState(waiting,
                new WindowOverride("alice", "CVE-2026-1234 is exploited", null))));
        mvc.perform(post("/api/v1/releases/rel-4/override/approve").with(httpBasic("alice", "alice")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:four-eyes"));
        mvc.perform(post("/api/v1/releases/rel-4/override").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content(reason))
                .andExpect(status().isConflict());
        mvc.perform(post("/api/v1/releases/rel-4/override/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"agreed\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.windowOverride.requestedBy").value("alice"))
                .andExpect(jsonPath("$.windowOverride.approvedBy").doesNotExist());
        verify(stub).signal(org.mockito.ArgumentMatchers.eq("approveOverride"), any());
    }

    private static ReleaseDetails withState(ReleaseDetails release, WindowOverride override) {
        return new ReleaseDetails(release.id(), release.plan(), RolloutState.WAITING_FOR_WINDOW, "stage canary waits",
                release.submittedBy(), 0, release.stages(), AT, AT, override);
    }

    @Test
    void listsReleasesAndRefusesABadLimit() throws Exception {
        when(releases.list(50, 0)).thenReturn(List.of());

        mvc.perform(get("/api/v1/releases").with(httpBasic("bob", "bob"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/releases").param("limit", "0").with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest());
        mvc.perform(get("/api/v1/releases").param("limit", "x").with(httpBasic("bob", "bob")))
                .andExpect(status().isBadRequest());
    }

    @Test
    void fillsTheServersMinReadyDefaultIntoTheReleaseAndAStageThatGivesItsOwnHealth() throws Exception {
        String withStageHealth = VALID.replace("\"maxConcurrent\": 2}",
                "\"maxConcurrent\": 2, \"health\": {\"timeout\": \"PT10M\"}}");
        var plan = ReleaseMapper.toValidPlan(new com.fasterxml.jackson.databind.ObjectMapper()
                        .readValue(withStageHealth, ReleaseRequest.class),
                dev.vmssrollout.model.release.RegionPairs.azureDefaults(),
                new dev.vmssrollout.api.rollouts.PlanDefaults(java.time.Duration.ofMinutes(1)));

        assertThat(plan.rollout().health().minReady()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(plan.stages().get(0).overrides().health()).isNull();
        assertThat(plan.stages().get(1).overrides().health().minReady()).isEqualTo(java.time.Duration.ofMinutes(1));
        assertThat(plan.stages().get(1).overrides().health().timeout()).isEqualTo(java.time.Duration.ofMinutes(10));
    }

    @Test
    void aStageSelectsTheRestOfAResourceGroupInOneRegionAsAzureListsIt() throws Exception {
        when(releases.create(any())).thenAnswer(call -> stored(call.getArgument(0)));
        when(workflowClient.newWorkflowStub(any(Class.class), any(io.temporal.client.WorkflowOptions.class)))
                .thenReturn(mock(dev.vmssrollout.workflows.releases.ReleaseWorkflow.class));
        when(inspector.list(SUBSCRIPTION, "fleet-rg")).thenReturn(ScaleSetList.of(List.of(
                found("web-1", "westeurope"), found("web-2", "westeurope"), found("web-3", "eastus"),
                found("web-4", "westeurope"))));
        String release = """
                {"image": {"version": "24.04.202410010"},
                 "stages": [{"name": "canary", "scaleSets": [%s]},
                            {"name": "rest", "select": {"subscriptionId": "%s", "resourceGroup": "fleet-rg",
                                                        "regions": ["West Europe"]}, "maxConcurrent": 2}]}"""
                .formatted(scaleSet("web-1", "westeurope"), SUBSCRIPTION);

        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(release))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.stages[1].scaleSets[*].scaleSet").value(
                        org.hamcrest.Matchers.contains("web-2", "web-4")))
                .andExpect(jsonPath("$.stages[1].scaleSets[0].region").value("westeurope"));

        ArgumentCaptor<NewRelease> created = ArgumentCaptor.forClass(NewRelease.class);
        verify(releases).create(created.capture());
        assertThat(created.getValue().plan().scaleSetCount()).as("the canary is not selected again").isEqualTo(3);
    }

    @Test
    void aStageSelectsByTagsEveryOneOfWhichAScaleSetMustCarry() throws Exception {
        when(releases.create(any())).thenAnswer(call -> stored(call.getArgument(0)));
        when(workflowClient.newWorkflowStub(any(Class.class), any(io.temporal.client.WorkflowOptions.class)))
                .thenReturn(mock(dev.vmssrollout.workflows.releases.ReleaseWorkflow.class));
        when(inspector.list(SUBSCRIPTION, null)).thenReturn(ScaleSetList.of(List.of(
                found("web-1", "westeurope", Map.of("Env", "prod", "tier", "web")),
                found("web-2", "westeurope", Map.of("env", "Prod", "tier", "web")),
                found("web-3", "eastus", Map.of("env", "prod")),
                found("web-4", "eastus", Map.of("env", "prod", "tier", "web", "owner", "sre")))));
        String release = """
                {"image": {"version": "24.04.202410010"},
                 "stages": [{"name": "prod web", "select": {"subscriptionId": "%s",
                                                            "tags": {"env": "prod", "TIER": "web"}}}]}"""
                .formatted(SUBSCRIPTION);

        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(release))
                .andExpect(status().isCreated())
                .andExpect(jsonPath("$.stages[0].scaleSets[*].scaleSet").value(
                        org.hamcrest.Matchers.contains("web-1", "web-4")));

        String nothing = release.replace("\"TIER\": \"web\"", "\"tier\": \"db\"");
        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(nothing))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].message").value(org.hamcrest.Matchers.containsString(
                        "tagged {env=prod, tier=db}")));
    }

    @Test
    void aSelectionOfNothingOrOfAResourceGroupAzureDoesNotKnowIs400AndStoresNothing() throws Exception {
        when(inspector.list(SUBSCRIPTION, "fleet-rg")).thenReturn(ScaleSetList.of(List.of(found("web-1", "eastus"))));
        when(inspector.list(SUBSCRIPTION, "gone-rg")).thenReturn(ScaleSetList.refused(
                dev.vmssrollout.workflows.RolloutFailure.SCALE_SET_NOT_FOUND.name(), "Azure answered 404 ResourceGroupNotFound"));
        String selecting = """
                {"image": {"version": "24.04.202410010"},
                 "stages": [{"name": "all", "select": {"subscriptionId": "%s", "resourceGroup": "%s", "regions": %s}}]}""";

        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                        .content(selecting.formatted(SUBSCRIPTION, "fleet-rg", "[\"westus\"]")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("stages[0].select"))
                .andExpect(jsonPath("$.violations[0].message").value(org.hamcrest.Matchers.startsWith(
                        "selects no scale set: resource group fleet-rg has none in westus")));
        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                        .content(selecting.formatted(SUBSCRIPTION, "gone-rg", "null")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("stages[0].select.resourceGroup"))
                .andExpect(jsonPath("$.violations[0].message").value(org.hamcrest.Matchers.containsString(
                        "ResourceGroupNotFound")));
        mvc.perform(post("/api/v1/releases").with(httpBasic("alice", "alice")).contentType(MediaType.APPLICATION_JSON)
                        .content(selecting.formatted("not-a-guid", "fleet-rg", "null")))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("stages[0].select.subscriptionId"));
        verify(releases, never()).create(any());
    }

    private static ScaleSetSummary found(String name, String location) {
        return found(name, location, Map.of());
    }

    private static ScaleSetSummary found(String name, String location, Map<String, String> tags) {
        return new ScaleSetSummary(new ScaleSetRef(SUBSCRIPTION, "fleet-rg", name), location, 4, "Manual", null, tags);
    }

    private static ReleaseDetails stored(NewRelease release) {
        var plan = release.plan();
        List<StageStatus> stages = IntStream.range(0, plan.stages().size())
                .mapToObj(s -> new StageStatus(s, plan.stages().get(s).name(), IntStream.range(0,
                                plan.stages().get(s).scaleSets().size())
                        .mapToObj(p -> new ReleaseScaleSetStatus(p, plan.stages().get(s).scaleSets().get(p), null, null,
                                null, null)).toList())).toList();
        return new ReleaseDetails(release.releaseId(), plan, RolloutState.PENDING, null, release.submittedBy(), null,
                stages, release.at(), release.at());
    }
}
