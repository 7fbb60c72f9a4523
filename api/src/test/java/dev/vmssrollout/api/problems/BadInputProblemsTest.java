package dev.vmssrollout.api.problems;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.ResultActions;

import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Every kind of bad input gets its 4xx problem naming the field, and nothing reaches the store or Azure. */
class BadInputProblemsTest extends WebTestSupport {

    @AfterEach
    void nothingWasStoredOrInspected() {
        verify(store, never()).create(any());
        verifyNoInteractions(inspector, workflows);
    }

    private ResultActions submit(String json) throws Exception {
        return mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice"))
                .contentType(MediaType.APPLICATION_JSON).content(json));
    }

    private static org.springframework.test.web.servlet.ResultMatcher problem(int status) {
        return result -> {
            status().is(status).match(result);
            content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON).match(result);
            jsonPath("$.status").value(status).match(result);
            content().string(not(containsString("\tat "))).match(result);
            content().string(not(containsString("Exception"))).match(result);
        };
    }

    @Test
    void malformedJsonSaysWhere() throws Exception {
        submit("{\"target\": {\"subscriptionId\": \"x\",\n \"resourceGroup\" \"demo-rg\"}}")
                .andExpect(problem(400))
                .andExpect(jsonPath("$.detail", allOf(containsString("malformed JSON"), containsString("line 2"))));
    }

    @Test
    void unknownEnumValueNamesTheFieldAndTheAllowedValues() throws Exception {
        submit(Fixtures.body("web", ", \"approval\": {\"mode\": \"SOMETIMES\"}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("approval.mode"))
                .andExpect(jsonPath("$.violations[0].message",
                        allOf(containsString("SOMETIMES"), containsString("NONE, FIRST_WAVE, EVERY_WAVE"))));
    }

    @Test
    void unknownFailurePolicyNamesTheAllowedValues() throws Exception {
        submit(Fixtures.body("web", ", \"onFailure\": \"PANIC\""))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("onFailure"))
                .andExpect(jsonPath("$.violations[0].message", containsString("PAUSE, ROLLBACK, ABORT")));
    }

    @Test
    void wrongTypeNamesTheField() throws Exception {
        submit(Fixtures.body("web", ", \"strategy\": {\"mode\": \"BATCH\", \"batchSize\": \"five\"}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("strategy.batchSize"))
                .andExpect(jsonPath("$.violations[0].message", containsString("whole number")));
    }

    @Test
    void fractionalSizeIsNotRoundedDown() throws Exception {
        submit(Fixtures.body("web", ", \"strategy\": {\"mode\": \"BATCH\", \"batchSize\": 2.5}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("strategy.batchSize"));
    }

    @Test
    void unknownFieldIsRefusedNotIgnored() throws Exception {
        submit(Fixtures.body("web", ", \"strategy\": {\"mode\": \"BATCH\", \"batchsize\": 2}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("strategy.batchsize"))
                .andExpect(jsonPath("$.violations[0].message", containsString("batchSize")));
    }

    @Test
    void missingTargetIsNamed() throws Exception {
        submit("{\"image\": {\"version\": \"24.04.202410010\"}}")
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("target")));
    }

    @Test
    void imageWithTwoShapesIsRefused() throws Exception {
        submit("""
                {"target": {"subscriptionId": "00000000-0000-0000-0000-000000000000", "resourceGroup": "demo-rg", "scaleSet": "web"},
                 "image": {"version": "24.04.1", "id": "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/i"}}""")
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("image")));
    }

    @Test
    void everyOutOfRangeSizeIsReportedAtOnce() throws Exception {
        submit(Fixtures.body("web", """
                , "strategy": {"mode": "BATCH", "batchPercent": 150, "pauseBetweenWaves": "5 minutes"},
                  "health": {"maxUnhealthyPercent": 101, "timeout": "PT48H"}"""))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("strategy.batchPercent")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("health.maxUnhealthyPercent")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("health.timeout")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("strategy.pauseBetweenWaves")));
    }

    @Test
    void badTargetNamesAreNamed() throws Exception {
        submit("""
                {"target": {"subscriptionId": "not-a-guid", "resourceGroup": "demo-rg.", "scaleSet": "-web"},
                 "image": {"version": "24.04.202410010"}}""")
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("target.subscriptionId")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("target.resourceGroup")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("target.scaleSet")));
    }

    @Test
    void nullInstanceIdIsRefusedNotA500() throws Exception {
        submit(Fixtures.body("web", ", \"strategy\": {\"mode\": \"INSTANCES\", \"instanceIds\": [\"1\", null]}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("strategy.instanceIds")));
    }

    @Test
    void emptyBodyIsRefused() throws Exception {
        submit("").andExpect(problem(400));
    }

    @Test
    void jsonNullBodyIsRefused() throws Exception {
        submit("null").andExpect(problem(400));
    }

    @Test
    void trailingGarbageIsRefused() throws Exception {
        submit(Fixtures.body() + " {}").andExpect(problem(400));
    }

    @Test
    void bodyOverTheLimitIs413BeforeParsing() throws Exception {
        String padding = "x".repeat(70 * 1024);
        submit(Fixtures.body("web", ", \"padding\": \"" + padding + "\""))
                .andExpect(problem(413))
                .andExpect(jsonPath("$.detail", containsString("65536")));
    }

    @Test
    void bodyOverTheLimitIs413EvenWithoutCredentials() throws Exception {
        mvc.perform(post("/api/v1/rollouts").contentType(MediaType.APPLICATION_JSON).content("x".repeat(65 * 1024)))
                .andExpect(problem(413));
    }

    @Test
    void unsupportedMediaTypeIs415() throws Exception {
        mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.TEXT_PLAIN).content(Fixtures.body()))
                .andExpect(problem(415));
    }

    @Test
    void unknownPathIs404Problem() throws Exception {
        mvc.perform(get("/api/v1/nothing-here").with(httpBasic("alice", "alice")))
                .andExpect(problem(404))
                .andExpect(jsonPath("$.detail", containsString("/api/v1/nothing-here")));
    }

    @Test
    void wrongMethodIs405ProblemWithAllow() throws Exception {
        mvc.perform(delete("/api/v1/rollouts").with(httpBasic("alice", "alice")))
                .andExpect(problem(405))
                .andExpect(header().exists("Allow"));
    }

    @Test
    void unknownStateFilterNamesTheAllowedValues() throws Exception {
        mvc.perform(get("/api/v1/rollouts").param("state", "DONE").with(httpBasic("alice", "alice")))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("state"))
                .andExpect(jsonPath("$.violations[0].message", containsString("SUCCEEDED")));
    }

    @Test
    void pagingOutOfRangeIsRefused() throws Exception {
        mvc.perform(get("/api/v1/rollouts").param("limit", "0").param("offset", "-1").with(httpBasic("alice", "alice")))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("limit")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("offset")));
    }

    @Test
    void badIdempotencyKeyIsRefused() throws Exception {
        mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice")).header("Idempotency-Key", "x".repeat(201))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.body()))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[0].field").value("Idempotency-Key"));
    }

    @Test
    void previewValidatesTheSameWay() throws Exception {
        mvc.perform(post("/api/v1/rollouts/preview").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"image\": {}}"))
                .andExpect(problem(400))
                .andExpect(jsonPath("$.violations[*].field", hasItem("target")))
                .andExpect(jsonPath("$.violations[*].field", hasItem("image")));
    }
}
