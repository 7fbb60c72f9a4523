package dev.vmssrollout.api.security;

import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.store.RolloutPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Password guessing is throttled per user name (5 failures in 15 min) and per client address (20), with 429 and
 * Retry-After, and every failed sign-in is logged without its password. Each test uses its own names and
 * documentation addresses (RFC 5737), so that the shared context's real users are never locked out.
 */
@ExtendWith(OutputCaptureExtension.class)
class SignInThrottleTest extends WebTestSupport {

    @Test
    void aUserNameIsThrottledAfterFiveFailuresWhateverTheAddress() throws Exception {
        for (int i = 1; i <= 5; i++) {
            mvc.perform(rollouts().with(httpBasic("mallory-by-name", "guess-" + i)).with(from("192.0.2." + i)))
                    .andExpect(status().isUnauthorized());
        }
        mvc.perform(rollouts().with(httpBasic("mallory-by-name", "guess-6")).with(from("192.0.2.99")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type").value(ProblemType.TOO_MANY_REQUESTS.uri().toString()));
        mvc.perform(rollouts().with(httpBasic("another-name", "guess")).with(from("192.0.2.99")))
                .andExpect(status().isUnauthorized());
    }

    @Test
    void anAddressIsThrottledAfterTwentyFailuresEvenForARealUsersRightPassword() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        for (int i = 1; i <= 20; i++) {
            mvc.perform(rollouts().with(httpBasic("sprayed-" + i, "password")).with(from("198.51.100.7")))
                    .andExpect(status().isUnauthorized());
        }
        String retryAfter = mvc.perform(rollouts().with(httpBasic("alice", "alice")).with(from("198.51.100.7")))
                .andExpect(status().isTooManyRequests())
                .andReturn().getResponse().getHeader("Retry-After");
        assertThat(Long.parseLong(retryAfter)).isBetween(1L, 15 * 60L);
        mvc.perform(rollouts().with(httpBasic("alice", "alice")).with(from("198.51.100.8"))).andExpect(status().isOk());
    }

    @Test
    void theDashboardsSignInIsThrottledAndEachFailureIsLoggedWithoutThePassword(CapturedOutput output) throws Exception {
        for (int i = 1; i <= 5; i++) {
            mvc.perform(signIn("eve-form", "hunter" + i + "-secret")).andExpect(status().isUnauthorized());
        }
        mvc.perform(signIn("eve-form", "hunter6-secret")).andExpect(status().isTooManyRequests());
        assertThat(output.getOut().lines().filter(l -> l.contains("failed sign-in: user \"eve-form\" from 203.0.113.5")))
                .hasSize(5);
        assertThat(output.getAll()).doesNotContain("-secret");
    }

    @Test
    void aSuccessfulSignInClearsTheUsersFailures() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 4; i++) {
                mvc.perform(rollouts().with(httpBasic("bob", "not-bob")).with(from("203.0.113.40")))
                        .andExpect(status().isUnauthorized());
            }
            mvc.perform(rollouts().with(httpBasic("bob", "bob")).with(from("203.0.113.41"))).andExpect(status().isOk());
        }
    }

    @Test
    void aForgedUserNameCannotForgeLogLines(CapturedOutput output) throws Exception {
        mvc.perform(rollouts().with(httpBasic("x\r\nINFO all good", "p")).with(from("203.0.113.60")))
                .andExpect(status().isUnauthorized());
        assertThat(output.getOut()).contains("failed sign-in: user \"x\\u000d\\u000aINFO all good\" from 203.0.113.60");
    }

    private static MockHttpServletRequestBuilder rollouts() {
        return get("/api/v1/rollouts");
    }

    private MockHttpServletRequestBuilder signIn(String user, String password) {
        return post(SessionLogin.PATH).contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .header("X-Requested-With", "vmss-rollout")
                .param("username", user).param("password", password).with(from("203.0.113.5"));
    }

    private static RequestPostProcessor from(String address) {
        return request -> {
            request.setRemoteAddr(address);
            return request;
        };
    }
}
