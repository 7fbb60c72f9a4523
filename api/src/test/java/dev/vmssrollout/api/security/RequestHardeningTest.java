package dev.vmssrollout.api.security;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

import java.util.List;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Issue 14's low findings that live in the API's configuration: duplicate keys, the Host header, health details. */
class RequestHardeningTest extends WebTestSupport {

    @Test
    void aBodyWithADuplicateKeyIs400NotItsLastValue() throws Exception {
        // A valid plan whose image appears twice: last-wins would quietly submit the second one.
        String twoImages = Fixtures.body("web", ", \"image\": {\"version\": \"24.04.202410011\"}");
        when(inspector.inspect(any())).thenAnswer(call -> Fixtures.inspection(call.getArgument(0), "Manual"));
        mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON).content(twoImages))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.type").value(ProblemType.MALFORMED_REQUEST.uri().toString()))
                .andExpect(content().string(not(containsString("com.fasterxml"))));
        verify(store, never()).create(any());
    }

    @Test
    void theHostHeaderIsNotReflectedIntoTheOpenApiServersOrRedirects() throws Exception {
        mvc.perform(get("/v3/api-docs").header("Host", "evil.example"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.servers[0].url").value("/"))
                .andExpect(content().string(not(containsString("evil.example"))));
        mvc.perform(get("/dashboard").header("Host", "evil.example"))
                .andExpect(header().string("Location", not(containsString("evil.example"))));
    }

    @Test
    void healthDetailsThatRevealDiskPathsNeedTheOperatorRole() throws Exception {
        mvc.perform(get("/actuator/health").with(user("viewer")))
                .andExpect(jsonPath("$.components.diskSpace.status").exists())
                .andExpect(jsonPath("$.components.diskSpace.details").doesNotExist());
        mvc.perform(get("/actuator/health").with(user("operator").authorities(List.of(new SimpleGrantedAuthority(Roles.OPERATE)))))
                .andExpect(jsonPath("$.components.diskSpace.details.path").exists());
    }
}
