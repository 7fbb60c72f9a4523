package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** GET /api/v1/rollouts/{id}/events/stream: the rollout at once, again on every change, and the end after a terminal state. */
class RolloutStreamTest extends WebTestSupport {

    private static final RolloutPlan PLAN = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
            null, null, null, null, false).withDefaults();

    @Autowired
    RolloutStreams streams;

    private void stored(String id, RolloutState state, long lastSeq) {
        RolloutDetails d = Fixtures.stored(id, PLAN, state, "alice", null);
        // doReturn, not when(store.find(...)): the stub may be set to throw, and the poller calls it meanwhile.
        doReturn(Optional.of(new RolloutDetails(d.id(), d.plan(), state, d.stateReason(),
                d.submittedBy(), d.createdAt(), d.updatedAt(), d.imageChange(), d.baseline(), d.currentWave(),
                d.wavesTotal(), lastSeq, d.waves(), d.skippedInstanceIds(), d.approvals(), d.events()))).when(store).find(id);
    }

    private MvcResult open(String id) throws Exception {
        return mvc.perform(get("/api/v1/rollouts/" + id + "/events/stream").with(httpBasic("bob", "bob"))
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted())
                .andReturn();
    }

    private static int events(MvcResult result) throws Exception {
        return result.getResponse().getContentAsString().split("event:rollout", -1).length - 1;
    }

    @Test
    void sendsTheRolloutAtOnceThenOnEveryChangeAndEndsAfterATerminalState() throws Exception {
        stored("s1", RolloutState.RUNNING, 1);
        MvcResult result = open("s1");
        assertThat(result.getResponse().getContentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
        assertThat(result.getResponse().getContentAsString()).contains("event:rollout", "id:1", "\"id\":\"s1\"",
                "\"state\":\"RUNNING\"");

        Thread.sleep(1200); // a few polls of an unchanged rollout send nothing new
        assertThat(events(result)).isEqualTo(1);

        stored("s1", RolloutState.WAITING_FOR_APPROVAL, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> events(result) == 2);
        assertThat(result.getResponse().getContentAsString()).contains("id:2", "\"state\":\"WAITING_FOR_APPROVAL\"");

        stored("s1", RolloutState.SUCCEEDED, 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> events(result) == 3);
        result.getAsyncResult(5000);
        mvc.perform(asyncDispatch(result)).andExpect(status().isOk());
        assertThat(result.getResponse().getContentAsString()).contains("id:3", "\"state\":\"SUCCEEDED\"");
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
    }

    @Test
    void aDatabaseOutageIsReportedOnceOnTheStreamAndTheRolloutIsSentAgainWhenItIsBack() throws Exception {
        stored("s3", RolloutState.RUNNING, 4);
        MvcResult result = open("s3");
        doThrow(new StoreUnavailableException("connection refused", null)).when(store).find("s3");
        await().atMost(Duration.ofSeconds(5)).until(() -> result.getResponse().getContentAsString().contains("event:problem"));
        Thread.sleep(1200);
        String body = result.getResponse().getContentAsString();
        assertThat(body.split("event:problem", -1)).as("one problem event per outage").hasSize(2);
        assertThat(body).contains("urn:vmss-rollout:problem:dependency-unavailable", "database cannot be reached");

        stored("s3", RolloutState.RUNNING, 4); // back, and unchanged: sent anyway, so the page drops its alert
        await().atMost(Duration.ofSeconds(5)).until(() -> events(result) == 2);
        stored("s3", RolloutState.CANCELLED, 5);
        result.getAsyncResult(5000);
    }

    @Test
    void anEndedRolloutIsSentOnceAndTheStreamEnds() throws Exception {
        stored("s2", RolloutState.CANCELLED, 7);
        MvcResult result = open("s2");
        result.getAsyncResult(5000);
        mvc.perform(asyncDispatch(result)).andExpect(status().isOk());
        assertThat(events(result)).isEqualTo(1);
        assertThat(result.getResponse().getContentAsString()).contains("id:7", "\"state\":\"CANCELLED\"");
    }

    @Test
    void oneUserMayHoldTwentyStreamsAndTheNextIs429WhileOthersStillGetTheirs() throws Exception {
        stored("s-many", RolloutState.RUNNING, 1);
        for (int i = 0; i < 20; i++) {
            open("s-many");
        }

        mvc.perform(get("/api/v1/rollouts/s-many/events/stream").with(httpBasic("bob", "bob")).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isTooManyRequests())
                .andExpect(jsonPath("$.detail", containsString("20 live streams open")));
        mvc.perform(get("/api/v1/rollouts/s-many/events/stream").with(httpBasic("alice", "alice")).accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(request().asyncStarted());

        // The rollout ends, its streams with it: bob may watch again.
        stored("s-many", RolloutState.SUCCEEDED, 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> streams.openStreams() == 0);
        open("s-many");
    }

    @Test
    void anUnknownRolloutIs404ProblemBeforeAnyEvent() throws Exception {
        when(store.find("nope")).thenReturn(Optional.empty());
        mvc.perform(get("/api/v1/rollouts/nope/events/stream").with(httpBasic("bob", "bob"))
                        .accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isNotFound())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.detail").value("no rollout nope"));
    }

    @Test
    void streamsNeedAuthentication() throws Exception {
        mvc.perform(get("/api/v1/rollouts/s1/events/stream").accept(MediaType.TEXT_EVENT_STREAM))
                .andExpect(status().isUnauthorized());
    }
}
