package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.temporal.RolloutWorkflows.Signal;
import dev.vmssrollout.api.temporal.UpdateRejectedException;
import dev.vmssrollout.api.temporal.WorkflowGoneException;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.workflows.ApproveWave;
import dev.vmssrollout.workflows.OperatorCommand;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.Optional;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Approvals and operator actions: who may, when, and that the caller's identity reaches the workflow. */
class RolloutActionsTest extends WebTestSupport {

    private static final RolloutPlan PLAN = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
            null, null, null, null, false).withDefaults();

    private void stored(RolloutState state, Integer waiting) {
        when(store.find("r1")).thenReturn(Optional.of(Fixtures.stored("r1", PLAN, state, "alice", waiting)));
    }

    @Test
    void anotherApproverApprovesTheWaitingWave() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"canary looks fine\"}"))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.id").value("r1"));
        verify(workflows).approve(eq("r1"), argThat(sentByTheApi(new ApproveWave("bob", 0, "canary looks fine"))));
    }

    @Test
    void submitterMayNotApproveTheirOwnRollout() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("alice", "alice")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:four-eyes"))
                .andExpect(jsonPath("$.detail", containsString("alice submitted rollout r1")));
        verify(workflows, never()).approve(anyString(), any());
    }

    @Test
    void approvingWhenNothingWaitsIs409() throws Exception {
        stored(RolloutState.RUNNING, null);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob")))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("not waiting for approval")));
    }

    @Test
    void workflowRefusingTheApprovalIs409WithItsReason() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);
        doThrow(new UpdateRejectedException("wave 4/5 is not waiting for approval; wave 1/5 is", false))
                .when(workflows).approve(anyString(), any());

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"wave\": 3}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("wave 4/5 is not waiting for approval; wave 1/5 is")));
    }

    @Test
    void aWaveIsApprovedByItsNumberAsPeopleCountIt() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 1);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"waveNumber\": 2}"))
                .andExpect(status().isAccepted());
        verify(workflows).approve(eq("r1"), argThat(sentByTheApi(new ApproveWave("bob", 1, null))));
    }

    @Test
    void aNumberAndAnIndexNamingDifferentWavesAre400() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 1);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"waveNumber\": 2, \"wave\": 2}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("waveNumber"))
                .andExpect(jsonPath("$.detail", containsString("waveNumber 2 and wave (index) 2 name different waves")));
        verify(workflows, never()).approve(anyString(), any());
    }

    @Test
    void anUnknownWaveNumberIs400InPeoplesNumbers() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"waveNumber\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("waveNumber"))
                .andExpect(jsonPath("$.detail").value("there is no wave 0; waves are numbered 1 to 5 (index 0 to 4)"));
    }

    @Test
    void everyWaveFieldHasItsNumberBesideItsIndex() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 1);

        mvc.perform(get("/api/v1/rollouts/r1").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.waves[0].index").value(0))
                .andExpect(jsonPath("$.waves[0].number").value(1))
                .andExpect(jsonPath("$.waves[4].number").value(5))
                .andExpect(jsonPath("$.currentWave").value(1))
                .andExpect(jsonPath("$.currentWaveNumber").value(2))
                .andExpect(jsonPath("$.waitingForApprovalWave").value(1))
                .andExpect(jsonPath("$.waitingForApprovalWaveNumber").value(2))
                .andExpect(jsonPath("$.timing.startedAt").value("2025-01-02T03:04:05Z"))
                .andExpect(jsonPath("$.timing.elapsedSeconds").isNumber());
    }

    @Test
    void approvingAWaveThatDoesNotExistIs400() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);

        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"wave\": 9}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("wave"));
    }

    @Test
    void operatorActionsCarryTheCallerAndReason() throws Exception {
        stored(RolloutState.RUNNING, null);

        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"error budget\"}"))
                .andExpect(status().isAccepted());
        verify(workflows).signal(eq("r1"), eq(Signal.PAUSE), argThat(sentByTheApi(new OperatorCommand("bob", "error budget"))));

        mvc.perform(post("/api/v1/rollouts/r1/cancel").with(httpBasic("alice", "alice")))
                .andExpect(status().isAccepted());
        verify(workflows).signal(eq("r1"), eq(Signal.CANCEL), argThat(sentByTheApi(new OperatorCommand("alice", null))));
    }

    @Test
    void actionsOnAnEndedRolloutAre409() throws Exception {
        stored(RolloutState.SUCCEEDED, null);

        for (String action : new String[] {"pause", "resume", "cancel", "rollback", "approve"}) {
            mvc.perform(post("/api/v1/rollouts/r1/" + action).with(httpBasic("bob", "bob")))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("has ended (SUCCEEDED)")));
        }
        verify(workflows, never()).signal(anyString(), any(), any());
    }

    @Test
    void anActionThatLosesARaceWithTheRolloutsEndIs409() throws Exception {
        // The rollout is read as running, then a cancel that came in at the same moment ends it and its workflow
        // closes before this request's signal or update reaches it.
        for (String action : new String[] {"pause", "resume", "cancel", "rollback", "retry", "approve"}) {
            when(store.find("r1")).thenReturn(
                    Optional.of(Fixtures.stored("r1", PLAN, RolloutState.PAUSED, "alice", null)),
                    Optional.of(Fixtures.stored("r1", PLAN, RolloutState.CANCELLED, "alice", null)));
            WorkflowGoneException gone = new WorkflowGoneException("rollout r1 has no running workflow");
            doThrow(gone).when(workflows).signal(anyString(), any(), any());
            doThrow(gone).when(workflows).approve(anyString(), any());

            mvc.perform(post("/api/v1/rollouts/r1/" + action).with(httpBasic("bob", "bob"))
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(action.equals("approve") ? "{\"wave\": 0}" : "{\"reason\": \"now\"}"))
                    .andExpect(status().isConflict())
                    .andExpect(jsonPath("$.detail", containsString("has ended (CANCELLED)")));
        }
    }

    @Test
    void anActionOnARunningRolloutWhoseWorkflowIsGoneIs503() throws Exception {
        // Lost with Temporal's state: the reconciler restarts it, and the same request then works.
        stored(RolloutState.RUNNING, null);
        doThrow(new WorkflowGoneException("rollout r1 has no running workflow"))
                .when(workflows).signal(anyString(), any(), any());

        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:dependency-unavailable"))
                .andExpect(jsonPath("$.detail", containsString("the reconciler restarts it")));
    }

    @Test
    void retryOnlyWhenPaused() throws Exception {
        stored(RolloutState.RUNNING, null);

        mvc.perform(post("/api/v1/rollouts/r1/retry").with(httpBasic("bob", "bob")))
                .andExpect(status().isConflict());
    }

    @Test
    void unknownRolloutIs404() throws Exception {
        when(store.find("nope")).thenReturn(Optional.empty());

        mvc.perform(post("/api/v1/rollouts/nope/pause").with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail").value("no rollout nope"));
        mvc.perform(get("/api/v1/rollouts/nope").with(httpBasic("bob", "bob")))
                .andExpect(status().isNotFound());
    }

    @Test
    void reasonOverTheLimitIs400() throws Exception {
        stored(RolloutState.RUNNING, null);

        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"" + "x".repeat(1001) + "\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("reason"));
    }

    /** Issue 12, scenario 12: text the database cannot hold (NUL) or that forges log lines never reaches the workflow. */
    @Test
    void hostileTextCannotJamARollout() throws Exception {
        stored(RolloutState.WAITING_FOR_APPROVAL, 0);

        mvc.perform(post("/api/v1/rollouts/r1/cancel").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"stop\\u0000now\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("reason"))
                .andExpect(jsonPath("$.detail", containsString("control characters")));
        mvc.perform(post("/api/v1/rollouts/r1/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"ok\\u001b[2J\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.violations[0].field").value("comment"));
        verify(workflows, never()).signal(anyString(), any(), any());
        verify(workflows, never()).approve(anyString(), any());
    }

    /** The API's own request: as expected, and naming the request row it wrote first (SECURITY.md). */
    private static org.mockito.ArgumentMatcher<ApproveWave> sentByTheApi(ApproveWave expected) {
        return actual -> actual.requestId() != null
                && new ApproveWave(actual.approver(), actual.wave(), actual.comment()).equals(expected);
    }

    private static org.mockito.ArgumentMatcher<OperatorCommand> sentByTheApi(OperatorCommand expected) {
        return actual -> actual.requestId() != null
                && new OperatorCommand(actual.actor(), actual.reason()).equals(expected);
    }
}
