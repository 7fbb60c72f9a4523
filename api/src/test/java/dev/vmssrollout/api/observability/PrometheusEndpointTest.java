package dev.vmssrollout.api.observability;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.store.RolloutPage;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;

import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Spring Boot tests turn metrics export off unless asked: this one asks. */
@AutoConfigureObservability(tracing = false)
class PrometheusEndpointTest extends WebTestSupport {

    @Test
    void prometheusScrapesWithoutCredentialsAndCountsRequests() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/rollouts").with(httpBasic("bob", "bob"))).andExpect(status().isOk());

        mvc.perform(get("/actuator/prometheus"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("jvm_memory_used_bytes")))
                .andExpect(content().string(containsString("http_server_requests_seconds_count{")))
                .andExpect(content().string(containsString("application=\"vmss-rollout-api\"")));
    }

    @Test
    void onlyTheScrapeIsPublicTheRestOfTheActuatorIsNot() throws Exception {
        mvc.perform(post("/actuator/prometheus")).andExpect(status().is4xxClientError());
        mvc.perform(get("/actuator/metrics")).andExpect(status().isUnauthorized());
        mvc.perform(get("/actuator/env")).andExpect(status().isUnauthorized());
    }
}
