package dev.vmssrollout.api.e2e;

import org.junit.jupiter.api.Test;

import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Actuator health of the real API over PostgreSQL and a Temporal server. */
class ObservabilityEndToEndTest extends EndToEndTestSupport {

    @Test
    void healthReportsPostgresAndTemporalButNeverAzureWhichOnlyTheWorkerCalls() throws Exception {
        mvc.perform(get("/actuator/health").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.db.details.database").value("PostgreSQL"))
                .andExpect(jsonPath("$.components.temporal.status").value("UP"))
                .andExpect(jsonPath("$.components.temporal.details.namespace").value("default"))
                .andExpect(jsonPath("$.components.azure").doesNotExist());
    }

    @Test
    void anonymousCallersSeeEachComponentsStatusButNoDetails() throws Exception {
        mvc.perform(get("/actuator/health"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.temporal.status").value("UP"))
                .andExpect(jsonPath("$.components.temporal.details").doesNotExist());
    }

    @Test
    void readinessNeedsPostgresAndTemporalWhileLivenessNeedsNeither() throws Exception {
        mvc.perform(get("/actuator/health/readiness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.readinessState.status").value("UP"))
                .andExpect(jsonPath("$.components.db.status").value("UP"))
                .andExpect(jsonPath("$.components.temporal.status").value("UP"));
        mvc.perform(get("/actuator/health/liveness"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.components.temporal").doesNotExist())
                .andExpect(jsonPath("$.components.db").doesNotExist());
    }
}
