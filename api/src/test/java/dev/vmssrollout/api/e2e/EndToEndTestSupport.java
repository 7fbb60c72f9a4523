package dev.vmssrollout.api.e2e;

import com.jayway.jsonpath.JsonPath;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Duration;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * The real API (its own Flyway migration, store, Temporal client, inspector and reconciler) over
 * {@link LocalStack}. The reconciler is called by the tests, not on a schedule, so they decide when
 * it runs. Public, with its helpers, for the reliability tests in {@code dev.vmssrollout.api.reliability}:
 * they share this Spring context and the stack.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"vmss.reconciler.enabled=false", "vmss.temporal.inspection-timeout=20s",
                // The shared stack hears hundreds of deliberately wrong credentials from one address (HostileInputTest):
                // sign-in throttling would lock out the other tests' real users for its window.
                "vmss.security.sign-in.max-failures-per-user=100000", "vmss.security.sign-in.max-failures-per-address=100000",
                // Likewise its scale set reads (HostileInputTest reads absent ones by the hundred), and tests read a
                // scale set right after changing it: caching and per-user limits have their own test.
                "vmss.api.scale-set-reads.max-reads-per-user=100000", "vmss.api.scale-set-reads.cache-for=0s",
                "vmss.api.scale-set-reads.cache-for-during-rollout=0s",
                // And its streams: HostileInputTest opens dozens as alice and bob, which stay open while their
                // rollouts run; the per-user cap has its own test (RolloutStreamTest).
                "vmss.api.streams.max-streams-per-user=100000"})
@AutoConfigureMockMvc
@Import(EndToEndTestSupport.UseLocalStack.class)
public abstract class EndToEndTestSupport {

    protected static final Duration ROLLOUT_DEADLINE = Duration.ofSeconds(60);

    @Autowired
    protected MockMvc mvc;

    @Autowired
    protected JdbcTemplate jdbc;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> LocalStack.get().database.jdbcUrl());
        registry.add("spring.datasource.username", () -> LocalStack.get().database.username());
        registry.add("spring.datasource.password", () -> {
            String password = LocalStack.get().database.password();
            return password == null ? "" : password;
        });
        // The real dev server has the rollout search attributes registered; the Java test server has none.
        registry.add("vmss.temporal.search-attributes.enabled", () -> LocalStack.get().realTemporal());
        registry.add("vmss.temporal.ui-url", () -> LocalStack.get().realTemporal() ? LocalStack.get().temporalUiUrl() : "");
    }

    /** The local stack's Temporal client replaces the one the API would build from vmss.temporal.*. */
    @TestConfiguration
    static class UseLocalStack {
        @Bean
        WorkflowClient workflowClient() {
            return LocalStack.get().client;
        }
    }

    protected static String body(String scaleSet, String extra) {
        return """
                {"target": {"subscriptionId": "%s", "resourceGroup": "%s", "scaleSet": "%s"},
                 "image": {"version": "24.04.202410010"}%s}"""
                .formatted(LocalStack.SUBSCRIPTION, LocalStack.RESOURCE_GROUP, scaleSet, extra);
    }

    /** Signs a request in as one of the local users, whose password is their name. */
    protected RequestPostProcessor as(String user) {
        return httpBasic(user, user);
    }

    protected MvcResult submit(String user, String json) throws Exception {
        return mvc.perform(post("/api/v1/rollouts").with(as(user))
                .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();
    }

    protected String rollout(String id) throws Exception {
        return mvc.perform(get("/api/v1/rollouts/" + id).with(as("bob"))).andReturn()
                .getResponse().getContentAsString();
    }

    protected static <T> T read(String json, String path) {
        return JsonPath.read(json, path);
    }

    /** Polls the rollout until {@code condition} holds; returns its last JSON. */
    protected String awaitRollout(String id, Predicate<String> condition) {
        String[] last = new String[1];
        await().atMost(ROLLOUT_DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = rollout(id);
            return condition.test(last[0]);
        });
        return last[0];
    }

    /** Fails at once, with the rollout's event log, when the rollout ends in another state. */
    protected String awaitState(String id, String state) {
        return awaitRollout(id, json -> {
            String now = read(json, "$.state");
            if (!state.equals(now) && TERMINAL.contains(now)) {
                throw new AssertionError("rollout " + id + " ended " + now + " instead of " + state + ": " + json);
            }
            return state.equals(now);
        });
    }

    private static final java.util.Set<String> TERMINAL = java.util.Set.of("SUCCEEDED", "FAILED", "CANCELLED", "ROLLED_BACK");

    protected long rolloutRows() {
        return jdbc.queryForObject("SELECT count(*) FROM rollouts", Long.class);
    }
}
