package dev.vmssrollout.api.security;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.temporal.RolloutWorkflows.Signal;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.store.RolloutPage;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.options;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.forwardedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** The dashboard's sign-in session, its CSRF protection and the security headers of every response. */
class DashboardSecurityTest extends WebTestSupport {

    private static final RolloutPlan PLAN = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
            null, null, null, null, false).withDefaults();

    private void running() {
        when(store.find("r1")).thenReturn(Optional.of(Fixtures.stored("r1", PLAN, RolloutState.RUNNING, "alice", null)));
    }

    private static MockHttpServletRequestBuilder fromDashboard(MockHttpServletRequestBuilder request) {
        return request.header(BrowserRequestGuard.HEADER, BrowserRequestGuard.VALUE);
    }

    private MockHttpSession signIn(String user) throws Exception {
        MvcResult result = mvc.perform(fromDashboard(post("/api/v1/session")).param("username", user).param("password", user))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value(user))
                .andReturn();
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    @Test
    void crossSitePostCarryingBrowserCachedBasicCredentialsIsRefusedWithoutTheDashboardHeader() throws Exception {
        running();
        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob"))
                        .header(HttpHeaders.ORIGIN, "https://attacker.example").header("Sec-Fetch-Site", "cross-site"))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:forbidden"))
                .andExpect(jsonPath("$.requiredHeader").value("X-Requested-With: vmss-rollout"))
                .andExpect(jsonPath("$.detail", containsString("cross-site request refused")));
        verify(workflows, never()).signal(anyString(), any(), any());
    }

    @Test
    void sessionCookiePostWithoutTheDashboardHeaderIsRefused() throws Exception {
        running();
        MockHttpSession session = signIn("bob");
        for (String action : List.of("pause", "cancel", "rollback", "approve")) {
            mvc.perform(post("/api/v1/rollouts/r1/" + action).session(session)
                            .cookie(new Cookie("JSESSIONID", session.getId())))
                    .andExpect(status().isForbidden())
                    .andExpect(jsonPath("$.requiredHeader").exists());
        }
        verify(workflows, never()).signal(anyString(), any(), any());
        verify(workflows, never()).approve(anyString(), any());
    }

    @Test
    void theDashboardsOwnPostWithTheHeaderAndTheSessionGoesThrough() throws Exception {
        running();
        MockHttpSession session = signIn("bob");
        mvc.perform(fromDashboard(post("/api/v1/rollouts/r1/pause")).session(session)
                        .cookie(new Cookie("JSESSIONID", session.getId())))
                .andExpect(status().isAccepted());
        verify(workflows).signal(anyString(), any(Signal.class), any());
    }

    @Test
    void aSameOriginPageOfThisApiNeedsNoHeaderSinceOnlyTheBrowserSetsFetchMetadata() throws Exception {
        running();
        // Swagger UI's "Try it out": Sec-Fetch-Site is set by the browser itself, never by a page's script.
        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob"))
                        .header(HttpHeaders.ORIGIN, "http://localhost").header("Sec-Fetch-Site", "same-origin"))
                .andExpect(status().isAccepted());
        for (String site : List.of("same-site", "cross-site", "none")) {
            mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob")).header("Sec-Fetch-Site", site))
                    .andExpect(status().isForbidden());
        }
    }

    @Test
    void clientsThatAreNotBrowsersNeedNoHeader() throws Exception {
        running();
        mvc.perform(post("/api/v1/rollouts/r1/pause").with(httpBasic("bob", "bob"))).andExpect(status().isAccepted());
    }

    @Test
    void aCrossSiteSignInIsRefusedToo() throws Exception {
        mvc.perform(post("/api/v1/session").param("username", "bob").param("password", "bob")
                        .header(HttpHeaders.ORIGIN, "https://attacker.example"))
                .andExpect(status().isForbidden());
    }

    @Test
    void corsPreflightIsNeverGranted() throws Exception {
        MvcResult result = mvc.perform(options("/api/v1/rollouts/r1/pause")
                        .header(HttpHeaders.ORIGIN, "https://attacker.example")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                        .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "x-requested-with"))
                .andReturn();
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).isNull();
        assertThat(result.getResponse().getHeader(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS)).isNull();
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        for (MockHttpServletRequestBuilder request : List.of(get("/dashboard/"), get("/dashboard/js/api.js"),
                get("/api/v1/rollouts").with(httpBasic("bob", "bob")), get("/api/v1/rollouts"))) {
            mvc.perform(request)
                    .andExpect(header().string("Content-Security-Policy", containsString("default-src 'self'")))
                    .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")))
                    .andExpect(header().string("Content-Security-Policy", not(containsString("unsafe-inline"))))
                    .andExpect(header().string("X-Content-Type-Options", "nosniff"))
                    .andExpect(header().string("X-Frame-Options", "DENY"))
                    .andExpect(header().string("Referrer-Policy", "same-origin"));
        }
    }

    @Test
    void onlySwaggerUiMayUseInlineStylesAndNothingMayUseInlineScripts() throws Exception {
        mvc.perform(get("/swagger-ui/index.html"))
                .andExpect(header().string("Content-Security-Policy", containsString("style-src 'self' 'unsafe-inline'")))
                .andExpect(header().string("Content-Security-Policy", not(containsString("script-src"))))
                .andExpect(header().string("Content-Security-Policy", containsString("frame-ancestors 'none'")));
    }

    @Test
    void signInStartsASessionThatTheApiAccepts() throws Exception {
        MockHttpSession session = signIn("alice");
        mvc.perform(get("/api/v1/me").session(session))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("alice"))
                .andExpect(jsonPath("$.roles").value(org.hamcrest.Matchers.contains(
                        "calendar.manage", "rollout.approve", "rollout.operate", "rollout.submit")))
                .andExpect(jsonPath("$.fourEyes").value(true))
                .andExpect(jsonPath("$.authenticatedBy").value("session"));
    }

    @Test
    void wrongPasswordAtSignInIs401ProblemWithoutSession() throws Exception {
        MvcResult result = mvc.perform(fromDashboard(post("/api/v1/session")).param("username", "alice")
                        .param("password", "guess-1234"))
                .andExpect(status().isUnauthorized())
                .andExpect(jsonPath("$.type").value("urn:vmss-rollout:problem:unauthenticated"))
                .andExpect(jsonPath("$.detail").value("the user name or password was not accepted"))
                .andExpect(content().string(not(containsString("guess-1234"))))
                .andReturn();
        assertThat(result.getRequest().getSession(false)).isNull();
    }

    @Test
    void signOutEndsTheSession() throws Exception {
        MockHttpSession session = signIn("alice");
        mvc.perform(fromDashboard(delete("/api/v1/session")).session(session)).andExpect(status().isNoContent());
        assertThat(session.isInvalid()).isTrue();
    }

    @Test
    void basicAndAnonymousRequestsCreateNoSession() throws Exception {
        when(store.list(any())).thenReturn(new RolloutPage(List.of(), 0, 50, 0));
        MvcResult basic = mvc.perform(get("/api/v1/rollouts").with(httpBasic("bob", "bob"))).andExpect(status().isOk())
                .andExpect(header().doesNotExist(HttpHeaders.SET_COOKIE)).andReturn();
        assertThat(basic.getRequest().getSession(false)).isNull();
        MvcResult anonymous = mvc.perform(get("/api/v1/rollouts")).andExpect(status().isUnauthorized()).andReturn();
        assertThat(anonymous.getRequest().getSession(false)).isNull();
    }

    @Test
    void meTellsWhoCallsAndHow() throws Exception {
        mvc.perform(get("/api/v1/me").with(httpBasic("bob", "bob")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.name").value("bob"))
                .andExpect(jsonPath("$.authenticatedBy").value("basic"));
    }

    @Test
    void theDashboardIsChallengedToSignInNotWithTheBrowsersBasicPrompt() throws Exception {
        mvc.perform(fromDashboard(get("/api/v1/me")))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Session ")));
        mvc.perform(get("/api/v1/rollouts/r1/events/stream").accept("text/event-stream"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Session ")));
        mvc.perform(get("/api/v1/me"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string(HttpHeaders.WWW_AUTHENTICATE, startsWith("Basic ")));
    }

    @Test
    void dashboardPagesArePublicAndHaveReadableAddresses() throws Exception {
        mvc.perform(get("/")).andExpect(redirectedUrl("/dashboard/"));
        mvc.perform(get("/dashboard")).andExpect(redirectedUrl("/dashboard/"));
        mvc.perform(get("/dashboard/")).andExpect(forwardedUrl("/dashboard/index.html"));
        mvc.perform(get("/dashboard/signin")).andExpect(forwardedUrl("/dashboard/signin.html"));
        mvc.perform(get("/dashboard/rollouts/r1")).andExpect(forwardedUrl("/dashboard/rollout.html"));
        mvc.perform(get("/dashboard/calendars")).andExpect(forwardedUrl("/dashboard/calendars.html"));
        mvc.perform(get("/dashboard/calendars/prod")).andExpect(forwardedUrl("/dashboard/calendars.html"));
        mvc.perform(get("/dashboard/releases")).andExpect(forwardedUrl("/dashboard/releases.html"));
        mvc.perform(get("/dashboard/releases/rel1")).andExpect(forwardedUrl("/dashboard/releases.html"));
        mvc.perform(get("/dashboard/scalesets/" + Fixtures.SUBSCRIPTION + "/demo-rg/web"))
                .andExpect(forwardedUrl("/dashboard/scaleset.html"));
        mvc.perform(get("/dashboard/js/api.js"))
                .andExpect(status().isOk())
                .andExpect(content().string(containsString("X-Requested-With")));
    }
}
