package dev.vmssrollout.api.security;

import com.jayway.jsonpath.JsonPath;
import dev.vmssrollout.api.security.Endpoints.Endpoint;
import jakarta.servlet.http.Cookie;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

/**
 * Who may call what, for every endpoint the running API maps (so one added later is covered too), with configured
 * users and real HTTP Basic checks: no credentials -> 401; a user without the endpoint's role -> 403; the submitter
 * approving -> 403; a browser's state-changing request without the dashboard's header -> 403 and no effect; the
 * security headers on every answer.
 */
class EndpointSecurityTest extends SecurityTestSupport {

    private static final String BODY = """
            {"target": {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s"},
             "image": {"version": "24.04.202410010"}%s}""";

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyEndpointThatIsNotPublicAnswers401WithoutCredentials() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            if (Endpoints.isPublic(endpoint)) {
                continue;
            }
            MockHttpServletResponse response = call(endpoint, null).getResponse();
            checked++;
            if (response.getStatus() != 401 || response.getHeader(HttpHeaders.WWW_AUTHENTICATE) == null
                    || !response.getContentAsString().contains("urn:vmss-rollout:problem:unauthenticated")) {
                wrong.add(endpoint + " -> " + response.getStatus() + " " + response.getContentAsString());
            }
            wrong.addAll(missingSecurityHeaders(endpoint, response));
        }
        System.out.println("[reliability] security: " + checked + " non-public endpoints answered 401 without credentials");
        assertThat(wrong).isEmpty();
        assertThat(checked).isGreaterThanOrEqualTo(12);
    }

    @Test
    void aUserWithoutTheEndpointsRoleGets403AndOneWithItGetsThrough() throws Exception {
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (AccessRules.Rule rule : AccessRules.RULES) {
            Endpoint endpoint = new Endpoint(rule.method().name(), rule.pattern(), Endpoints.concrete(rule.pattern()));
            for (Map.Entry<String, SecureStack.User> user : users().entrySet()) {
                MockHttpServletResponse response = call(endpoint, user.getKey()).getResponse();
                checked++;
                boolean allowed = user.getValue().roles().contains(rule.role());
                if (!allowed && (response.getStatus() != 403 || !rule.role().equals(
                        JsonPath.read(response.getContentAsString(), "$.requiredRole")))) {
                    wrong.add(endpoint + " as " + user.getKey() + " (without " + rule.role() + ") -> "
                            + response.getStatus() + " " + response.getContentAsString());
                }
                if (allowed && (response.getStatus() == 401 || response.getStatus() == 403)) {
                    wrong.add(endpoint + " as " + user.getKey() + " (with " + rule.role() + ") -> " + response.getStatus());
                }
            }
        }
        // Endpoints outside the table need an authenticated caller, no role: vera has none.
        for (Endpoint endpoint : endpoints()) {
            boolean ruled = AccessRules.RULES.stream().anyMatch(r -> r.method().name().equals(endpoint.method())
                    && r.pattern().equals(endpoint.pattern()));
            if (ruled || Endpoints.isPublic(endpoint)) {
                continue;
            }
            int status = call(endpoint, "vera").getResponse().getStatus();
            checked++;
            if (status == 401 || status == 403) {
                wrong.add(endpoint + " as vera (no roles) -> " + status);
            }
        }
        System.out.println("[reliability] security: " + checked + " role checks with configured single-role users");
        assertThat(wrong).isEmpty();
    }

    @Test
    void theSubmitterMayNotApproveTheirOwnRolloutAnotherApproverMay() throws Exception {
        SecureStack.get().scaleSet("four-eyes");
        String id = JsonPath.read(mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", password("alice")))
                .contentType(MediaType.APPLICATION_JSON)
                .content(body("four-eyes", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"))).andReturn()
                .getResponse().getContentAsString(), "$.id");
        awaitState(id, "WAITING_FOR_APPROVAL");

        MockHttpServletResponse own = mvc.perform(post("/api/v1/rollouts/" + id + "/approve")
                .with(httpBasic("alice", password("alice")))).andReturn().getResponse();
        MockHttpServletResponse approverOnly = mvc.perform(post("/api/v1/rollouts/" + id + "/approve")
                .with(httpBasic("ann", password("ann")))).andReturn().getResponse();

        assertThat(own.getStatus()).isEqualTo(403);
        assertThat(own.getContentAsString()).contains("urn:vmss-rollout:problem:four-eyes", "alice submitted");
        assertThat(approverOnly.getStatus()).isEqualTo(202);
        // Cancel while the second gate waits, when no activity is in flight: the Java test server wedges a workflow
        // that cancels an activity in the task where it completes (ACTIVITY_UNKNOWN, temporalio/sdk-java#2391),
        // which the real server does not; the cancel-during-a-wave race has its tests on the real server.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> Integer.valueOf(1).equals(
                JsonPath.read(mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("vera", password("vera"))))
                        .andReturn().getResponse().getContentAsString(), "$.waitingForApprovalWave")));
        MockHttpServletResponse cancel = mvc.perform(post("/api/v1/rollouts/" + id + "/cancel")
                .with(httpBasic("otto", password("otto")))).andReturn().getResponse();
        assertThat(cancel.getStatus()).isEqualTo(202);
        awaitState(id, "CANCELLED");
    }

    @Test
    void aBrowsersStateChangingRequestWithoutTheDashboardHeaderIsRefusedAndChangesNothing() throws Exception {
        RowFingerprint rows = new RowFingerprint(jdbc, List.of());
        MockHttpSession session = signIn("bob");
        String before = rows.now();
        List<String> wrong = new ArrayList<>();
        int checked = 0;
        for (Endpoint endpoint : endpoints()) {
            if (!endpoint.changesState() || endpoint.path().equals(SessionLogin.PATH) && endpoint.method().equals("DELETE")) {
                continue;
            }
            // A cross-site page posting with the Basic credentials the browser cached, and one riding the session.
            MockHttpServletResponse basic = call(request(HttpMethod.valueOf(endpoint.method()), URI.create(endpoint.path()))
                    .with(httpBasic("bob", password("bob")))
                    .header(HttpHeaders.ORIGIN, "https://attacker.example").header("Sec-Fetch-Site", "cross-site"),
                    endpoint).getResponse();
            MockHttpServletResponse cookie = call(request(HttpMethod.valueOf(endpoint.method()), URI.create(endpoint.path()))
                    .session(session).cookie(new Cookie("JSESSIONID", session.getId())), endpoint).getResponse();
            checked += 2;
            for (MockHttpServletResponse response : List.of(basic, cookie)) {
                if (response.getStatus() != 403 || !response.getContentAsString().contains("X-Requested-With")) {
                    wrong.add(endpoint + " -> " + response.getStatus() + " " + response.getContentAsString());
                }
            }
        }
        // Sign-out with the session but without the header must not end it either.
        mvc.perform(request(HttpMethod.DELETE, URI.create(SessionLogin.PATH)).session(session)
                .cookie(new Cookie("JSESSIONID", session.getId())));
        assertThat(session.isInvalid()).as("a cross-site sign-out").isFalse();
        System.out.println("[reliability] security: " + checked + " cross-site state-changing requests refused (CSRF)");
        assertThat(wrong).isEmpty();
        assertThat(rows.now()).isEqualTo(before);
    }

    // ---- helpers

    private List<Endpoint> endpoints() throws Exception {
        List<String> actuator = new ArrayList<>();
        String links = mvc.perform(get("/actuator").with(httpBasic("bob", password("bob")))).andReturn()
                .getResponse().getContentAsString();
        if (links.startsWith("{")) {
            Map<String, Map<String, Object>> all = JsonPath.read(links, "$._links");
            all.values().forEach(link -> actuator.add(URI.create(String.valueOf(link.get("href"))
                    .replaceAll("\\{[^}]+}", "x")).getPath()));
        }
        return Endpoints.of(mappings, actuator);
    }

    private MvcResult call(Endpoint endpoint, String user) throws Exception {
        MockHttpServletRequestBuilder request = request(HttpMethod.valueOf(endpoint.method()), URI.create(endpoint.path()));
        if (user != null) {
            request.with(httpBasic(user, password(user)));
        }
        return call(request, endpoint);
    }

    private MvcResult call(MockHttpServletRequestBuilder request, Endpoint endpoint) throws Exception {
        if (endpoint.pattern().startsWith("/api/v1/rollouts") && endpoint.method().equals("POST")) {
            request.contentType(MediaType.APPLICATION_JSON).content(endpoint.pattern().endsWith("rollouts")
                    || endpoint.pattern().endsWith("preview") ? body("absent", "") : "{}");
        }
        if (endpoint.pattern().startsWith("/api/v1/releases") && endpoint.method().equals("POST")) {
            request.contentType(MediaType.APPLICATION_JSON).content("{}");
        }
        return mvc.perform(request).andReturn();
    }

    private static List<String> missingSecurityHeaders(Endpoint endpoint, MockHttpServletResponse response) {
        List<String> missing = new ArrayList<>();
        if (!"nosniff".equals(response.getHeader("X-Content-Type-Options"))) {
            missing.add(endpoint + ": no X-Content-Type-Options: nosniff");
        }
        if (!"DENY".equals(response.getHeader("X-Frame-Options"))) {
            missing.add(endpoint + ": no X-Frame-Options: DENY");
        }
        String csp = response.getHeader("Content-Security-Policy");
        if (csp == null || !csp.contains("frame-ancestors 'none'") || !csp.contains("default-src 'self'")) {
            missing.add(endpoint + ": Content-Security-Policy " + csp);
        }
        String cache = response.getHeader(HttpHeaders.CACHE_CONTROL);
        if (endpoint.pattern().startsWith("/api/") && (cache == null || !cache.contains("no-store"))) {
            missing.add(endpoint + ": Cache-Control " + cache);
        }
        return missing;
    }

    private MockHttpSession signIn(String user) throws Exception {
        MvcResult result = mvc.perform(post(SessionLogin.PATH).header(BrowserRequestGuard.HEADER, BrowserRequestGuard.VALUE)
                .param("username", user).param("password", password(user))).andReturn();
        assertThat(result.getResponse().getStatus()).isEqualTo(200);
        return (MockHttpSession) result.getRequest().getSession(false);
    }

    private void awaitState(String id, String state) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> state.equals(
                JsonPath.read(mvc.perform(get("/api/v1/rollouts/" + id).with(httpBasic("vera", password("vera"))))
                        .andReturn().getResponse().getContentAsString(), "$.state")));
    }

    static String body(String scaleSet, String extra) {
        return BODY.formatted(SecureStack.SUBSCRIPTION, SecureStack.RESOURCE_GROUP, scaleSet, extra);
    }
}
