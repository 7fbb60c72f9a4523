package dev.vmssrollout.api.security;

import dev.vmssrollout.api.e2e.EndToEndTestSupport;
import dev.vmssrollout.api.e2e.LocalStack;
import dev.vmssrollout.api.security.HostileRequests.HostileRequest;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.RandomGenerator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestContextManager;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

/**
 * Generated hostile requests (jqwik arbitraries, {@link HostileRequests}) to every endpoint of the real API over the
 * real PostgreSQL, Temporal and worker of the end-to-end stack, through MockMvc, in one security mode per subclass.
 * For each: no 5xx and no unhandled exception, no stack trace or Java class name in the body, and not a row written
 * or changed in any table. Seeded ({@code -Dreliability.seed=N} repeats a run; the seed is printed).
 * <p>
 * Subclasses are jqwik containers, so that the arbitraries can generate; the Spring context is the end-to-end one,
 * prepared by hand ({@link TestContextManager}) because jqwik does not run JUnit Jupiter extensions.
 */
abstract class HostileInputSupport extends EndToEndTestSupport {

    static final long DEFAULT_SEED = 20261126L;
    /** Per security mode: the two modes together send the 2,000 requests SECURITY.md counts. */
    static final int REQUESTS = 1_000;
    /** What a response body must never hold: stack traces, exception and class names. */
    static final List<String> LEAKS = List.of("Exception", "at dev.", "at org.", "at java.", "Caused by",
            "dev.vmssrollout.", "java.lang.", "com.fasterxml", "org.springframework", "org.postgresql", "io.temporal");
    private static final Set<String> UNFINISHED_STATES = Set.of("PENDING", "RUNNING", "ROLLING_BACK");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Sends the corpus with these credentials and asserts that every request was refused without harm. */
    protected void sendTheCorpus(String mode, Arbitrary<Map<String, String>> credentials) throws Exception {
        new TestContextManager(getClass()).prepareTestInstance(this);
        long seed = Long.getLong("reliability.seed", DEFAULT_SEED);
        System.out.println("[reliability] hostile input (" + mode + ") seed " + seed + " (repeat with -Dreliability.seed="
                + seed + ")");
        List<String> ended = List.of(endedRollout("hostile-cancelled", true), endedRollout("hostile-succeeded", false));
        List<String> unfinished = awaitQuiet();
        RowFingerprint rows = new RowFingerprint(jdbc, unfinished);

        HostileRequests corpus = new HostileRequests(LocalStack.SUBSCRIPTION, LocalStack.RESOURCE_GROUP,
                "hostile-absent", ended, otherEndpoints(), credentials);
        RandomGenerator<HostileRequest> generator = corpus.all().generator(1_000);
        List<RandomGenerator<HostileRequest>> firsts = corpus.eachOtherEndpoint().stream().map(a -> a.generator(1_000)).toList();
        Random random = new Random(seed);
        Map<String, Integer> byEndpoint = new TreeMap<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Long> millisByEndpoint = new TreeMap<>();
        List<String> violations = new ArrayList<>();
        String before = rows.now();
        long started = System.nanoTime();
        for (int i = 1; i <= REQUESTS; i++) {
            HostileRequest request = (i <= firsts.size() ? firsts.get(i - 1) : generator).next(random).value();
            byEndpoint.merge(request.endpoint(), 1, Integer::sum);
            MvcResult result;
            long sent = System.nanoTime();
            try {
                result = mvc.perform(request.build()).andReturn();
                millisByEndpoint.merge(request.endpoint(), (System.nanoTime() - sent) / 1_000_000, Long::sum);
            } catch (Exception unhandled) {
                java.io.StringWriter trace = new java.io.StringWriter();
                unhandled.printStackTrace(new java.io.PrintWriter(trace));
                violations.add("#" + i + " unhandled " + unhandled.getClass().getSimpleName() + ": " + request + "\n"
                        + trace.toString().lines().limit(25).collect(java.util.stream.Collectors.joining("\n")));
                continue;
            }
            int status = result.getResponse().getStatus();
            byStatus.merge(status, 1, Integer::sum);
            String body = result.getRequest().isAsyncStarted() ? "" : result.getResponse().getContentAsString(StandardCharsets.UTF_8);
            if (status >= 500) {
                violations.add("#" + i + " answered " + status + ": " + request + " -> " + abbreviate(body));
            }
            for (String leak : LEAKS) {
                if (body.contains(leak)) {
                    violations.add("#" + i + " body holds \"" + leak + "\": " + request + " -> " + abbreviate(body));
                    break;
                }
            }
            String after = rows.now();
            if (!after.equals(before)) {
                violations.add("#" + i + " (" + status + ") wrote to the database: " + request + "\n  before " + before
                        + "\n  after  " + after);
                before = after;
            }
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        System.out.println("[reliability] hostile input (" + mode + "): " + REQUESTS + " requests tried in " + took.toSeconds() + " s, by "
                + "endpoint " + byEndpoint + ", by status " + byStatus + ", 5xx " + count(byStatus)
                + ", violations " + violations.size() + "; ms spent by endpoint " + millisByEndpoint);
        java.nio.file.Path report = java.nio.file.Path.of("target", "hostile-input-violations-" + mode + ".txt");
        java.nio.file.Files.createDirectories(report.getParent());
        java.nio.file.Files.write(report, violations, StandardCharsets.UTF_8);
        assertThat(violations).as("violations (seed " + seed + "; all of them in " + report.toAbsolutePath() + ")")
                .isEmpty();
        assertThat(byEndpoint.keySet()).contains("submit", "preview", "list", "get", "approve", "pause", "resume",
                "cancel", "rollback", "retry", "stream", "scaleset", "session");
        otherEndpoints().forEach(e -> assertThat(byEndpoint).containsKey(e.split(" ", 2)[1]));
        // The check itself: a change to any row shows in the fingerprint.
        jdbc.update("UPDATE rollouts SET state_reason = coalesce(state_reason, '') || '.' WHERE id = ?", ended.get(0));
        assertThat(rows.now()).as("the fingerprint sees a changed row").isNotEqualTo(before);
    }

    /** Every endpoint mapped in the running application that the rollout generators do not cover by name. */
    private List<String> otherEndpoints() {
        Set<String> endpoints = new TreeSet<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? Set.of("GET")
                    : info.getMethodsCondition().getMethods().stream().map(Enum::name).collect(java.util.stream.Collectors.toSet());
            for (String path : info.getPatternValues()) {
                if (path.startsWith("/api/v1/rollouts") || path.startsWith("/api/v1/scalesets")) {
                    continue; // the generators above attack these field by field
                }
                methods.forEach(m -> endpoints.add(m + " " + path));
            }
        }
        endpoints.addAll(List.of("GET /actuator/health", "GET /actuator/health/liveness", "GET /actuator/health/readiness",
                "DELETE /api/v1/session"));
        return List.copyOf(endpoints);
    }

    /**
     * A rollout that has ended (cancelled, or succeeded): actions on it must be refused, and change nothing. The
     * other security mode's run may have left it already, as both share the stack.
     */
    private String endedRollout(String name, boolean cancel) throws Exception {
        List<String> earlier = jdbc.queryForList("SELECT id FROM rollouts WHERE scale_set = ? AND state = ?", String.class,
                name, cancel ? "CANCELLED" : "SUCCEEDED");
        if (!earlier.isEmpty()) {
            return earlier.get(0);
        }
        LocalStack.get().scaleSet(name, 4, 20, 10);
        String extra = cancel ? ", \"approval\": {\"mode\": \"EVERY_WAVE\"}" : "";
        String id = read(submit("alice", body(name, extra)).getResponse().getContentAsString(), "$.id");
        if (cancel) {
            awaitState(id, "WAITING_FOR_APPROVAL");
            mvc.perform(post("/api/v1/rollouts/" + id + "/cancel").with(as("bob"))
                    .contentType(MediaType.APPLICATION_JSON).content("{}"));
            awaitState(id, "CANCELLED");
        } else {
            awaitState(id, "SUCCEEDED");
        }
        return id;
    }

    /** Waits for rollouts of other tests to stop writing; returns those that still run, which the check leaves out. */
    private List<String> awaitQuiet() {
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                    .until(() -> unfinished().isEmpty());
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // Left out of the fingerprint below.
        }
        return unfinished();
    }

    private List<String> unfinished() {
        return jdbc.queryForList("SELECT id FROM rollouts WHERE state IN ('" + String.join("','", UNFINISHED_STATES)
                + "')", String.class);
    }

    private static long count(Map<Integer, Integer> byStatus) {
        return byStatus.entrySet().stream().filter(e -> e.getKey() >= 500).mapToLong(Map.Entry::getValue).sum();
    }

    private static String abbreviate(String body) {
        return body.length() > 400 ? body.substring(0, 400) + "..." : body;
    }
}
