package dev.vmssrollout.api.problems;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.store.StoreUnavailableException;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

class UnexpectedErrorTest extends WebTestSupport {

    @Test
    void unexpectedErrorIs500WithAnIdAndNoInternals() throws Exception {
        when(store.find("r1")).thenThrow(new IllegalStateException("password=hunter2 leaked in a message"));

        mvc.perform(get("/api/v1/rollouts/r1").with(httpBasic("alice", "alice")))
                .andExpect(status().isInternalServerError())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.errorId").isNotEmpty())
                .andExpect(jsonPath("$.detail", containsString("error id")))
                .andExpect(content().string(not(containsString("hunter2"))))
                .andExpect(content().string(not(containsString("IllegalStateException"))));
    }

    @Test
    void databaseDownIs503WithRetryAfter() throws Exception {
        when(store.find("r1")).thenThrow(new StoreUnavailableException("connection refused", null));

        mvc.perform(get("/api/v1/rollouts/r1").with(httpBasic("alice", "alice")))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:dependency-unavailable"));
    }
}
