package dev.vmssrollout.api.security;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.model.store.RolloutPage;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
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

class LocalSecurityTest extends WebTestSupport {

    @Test
    void noCredentialsIs401ProblemWithBasicChallenge() throws Exception {
        mvc.perform(get("/api/v1/rollouts"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", containsString("Basic realm=\"vmss-rollout\"")))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:unauthenticated"))
                .andExpect(jsonPath("$.detail", containsString("HTTP Basic")));
    }

    @Test
    void wrongPasswordIs401AndNeverEchoesIt() throws Exception {
        mvc.perform(get("/api/v1/rollouts").with(httpBasic("alice", "s3cret-guess")))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.detail", containsString("not accepted")))
                .andExpect(content().string(not(containsString("s3cret-guess"))));
    }

    @Test
    void submitWithoutTheSubmitRoleIs403NamingTheRole() throws Exception {
        mvc.perform(post("/api/v1/rollouts").with(user("carol").authorities(List.of()))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.body()))
                .andExpect(status().isForbidden())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.requiredRole").value(Roles.SUBMIT))
                .andExpect(jsonPath("$.detail", containsString("carol lacks role rollout.submit")));
        verify(store, never()).create(any());
    }

    @Test
    void previewNeedsTheSubmitRole() throws Exception {
        mvc.perform(post("/api/v1/rollouts/preview").with(user("carol").authorities(() -> Roles.APPROVE))
                        .contentType(MediaType.APPLICATION_JSON).content(Fixtures.body()))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value(Roles.SUBMIT));
    }

    @Test
    void approveNeedsTheApproveRole() throws Exception {
        mvc.perform(post("/api/v1/rollouts/r1/approve").with(user("dave").authorities(() -> Roles.SUBMIT)))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value(Roles.APPROVE));
    }

    @Test
    void operatorActionsNeedTheOperateRole() throws Exception {
        for (String action : List.of("pause", "resume", "cancel", "rollback", "retry")) {
            mvc.perform(post("/api/v1/rollouts/r1/" + action).with(user("erin").authorities(() -> Roles.APPROVE)))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.requiredRole").value(Roles.OPERATE));
        }
    }

    @Test
    void anyAuthenticatedUserMayRead() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/rollouts").with(user("frank").authorities(List.of())))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.total").value(0));
    }

    @Test
    void configuredLocalUsersLogIn() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        mvc.perform(get("/api/v1/rollouts").with(httpBasic("bob", "bob"))).andExpect(status().isOk());
    }

    @Test
    void apiDocsAndHealthArePublic() throws Exception {
        mvc.perform(get("/v3/api-docs"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/rollouts']").exists())
                .andExpect(jsonPath("$.components.securitySchemes.basic").exists());
        mvc.perform(get("/swagger-ui.html")).andExpect(status().is3xxRedirection());
        mvc.perform(get("/actuator/health")).andExpect(status().isOk());
    }
}
