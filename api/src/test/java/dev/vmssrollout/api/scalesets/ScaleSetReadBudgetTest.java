package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.WebTestSupport;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetList;
import dev.vmssrollout.workflows.ScaleSetModel;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.test.web.servlet.request.RequestPostProcessor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * One signed-in user must not spend a scale set's Azure read budget (about three ARM reads per GET): a role is
 * needed, answers are cached briefly and shared by concurrent callers, and each user may cause only 20 reads a
 * minute. Every test reads its own scale sets, so that the shared context's cache does not join them up.
 */
class ScaleSetReadBudgetTest extends WebTestSupport {

    @Test
    void aViewerWithoutTheSubmitRoleCannotReadAScaleSet() throws Exception {
        mvc.perform(get(path(ref("budget-viewer"))).with(as("viewer-only")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value("rollout.submit"));
        verify(inspector, times(0)).read(ref("budget-viewer"));
    }

    @Test
    void aViewerWithoutTheSubmitRoleCannotListScaleSets() throws Exception {
        mvc.perform(get("/api/v1/scalesets").param("subscriptionId", Fixtures.SUBSCRIPTION).with(as("viewer-only")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value("rollout.submit"));
        verify(inspector, times(0)).list(any(), any());
    }

    @Test
    void eachListCountsAsOneOfTheUsersAzureReads() throws Exception {
        when(inspector.list(any(), any())).thenReturn(ScaleSetList.of(List.of()));
        when(inspector.read(any())).thenAnswer(call -> inspection(call.getArgument(0)));
        for (int i = 0; i < 19; i++) {
            mvc.perform(get("/api/v1/scalesets").param("subscriptionId", Fixtures.SUBSCRIPTION)
                    .with(as("lister", "rollout.submit"))).andExpect(status().isOk());
        }
        mvc.perform(get(path(ref("budget-after-lists"))).with(as("lister", "rollout.submit"))).andExpect(status().isOk());
        mvc.perform(get("/api/v1/scalesets").param("subscriptionId", Fixtures.SUBSCRIPTION)
                        .with(as("lister", "rollout.submit")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"));
        verify(inspector, times(19)).list(Fixtures.SUBSCRIPTION, null);
    }

    @Test
    void repeatedReadsWithinTheCacheTimeCostOneAzureRead() throws Exception {
        ScaleSetRef ref = ref("budget-cached");
        when(inspector.read(ref)).thenReturn(inspection(ref));
        for (int i = 0; i < 5; i++) {
            mvc.perform(get(path(ref)).with(as("carol", "rollout.submit"))).andExpect(status().isOk());
        }
        verify(inspector, times(1)).read(ref);
    }

    @Test
    void concurrentReadsOfOneScaleSetShareOneAzureRead() throws Exception {
        ScaleSetRef ref = ref("budget-single-flight");
        CountDownLatch release = new CountDownLatch(1);
        when(inspector.read(ref)).thenAnswer(call -> {
            release.await(10, TimeUnit.SECONDS);
            return inspection(ref);
        });
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                String name = "concurrent-" + i;
                answers.add(callers.submit(() -> mvc.perform(get(path(ref)).with(as(name, "rollout.submit")))
                        .andReturn().getResponse().getStatus()));
            }
            // The first caller is inside the (blocked) read; give the others time to arrive, then release it.
            await().atMost(Duration.ofSeconds(10)).until(() -> mockingDetails(inspector).getInvocations().stream()
                    .anyMatch(i -> i.getArguments().length == 1 && ref.equals(i.getArguments()[0])));
            release.countDown();
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(20, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            callers.shutdownNow();
        }
        verify(inspector, times(1)).read(ref);
    }

    @Test
    void aUserMayCauseTwentyAzureReadsAMinuteThen429WithRetryAfter() throws Exception {
        when(inspector.read(any())).thenAnswer(call -> inspection(call.getArgument(0)));
        for (int i = 0; i < 20; i++) {
            mvc.perform(get(path(ref("budget-spray-" + i))).with(as("greedy", "rollout.submit"))).andExpect(status().isOk());
        }
        mvc.perform(get(path(ref("budget-spray-20"))).with(as("greedy", "rollout.submit")))
                .andExpect(status().isTooManyRequests())
                .andExpect(header().exists("Retry-After"))
                .andExpect(jsonPath("$.type").value(ProblemType.TOO_MANY_REQUESTS.uri().toString()));
        // Someone else is not held back, and a cached answer costs the greedy user nothing.
        mvc.perform(get(path(ref("budget-spray-20"))).with(as("patient", "rollout.submit"))).andExpect(status().isOk());
        mvc.perform(get(path(ref("budget-spray-20"))).with(as("greedy", "rollout.submit"))).andExpect(status().isOk());
    }

    @Test
    void whileARolloutRunsTheCachedAnswerLastsLongerSoThatItsHealthPollsKeepTheBudget() {
        ScaleSetReadProperties defaults = new ScaleSetReadProperties(Duration.ofSeconds(10), Duration.ofSeconds(30), 20,
                Duration.ofMinutes(1));
        // Three ARM reads per answer, at most one answer per 30 s per scale set while a rollout runs: 18 of the
        // 60 reads per 3 minutes that the worker's health polls (120 of Compute's 180) leave to everyone else.
        assertThat(3 * (180 / defaults.cacheForDuringRollout().toSeconds())).isLessThanOrEqualTo(180 - 120);
        ScaleSetInspector azure = Mockito.mock(ScaleSetInspector.class);
        ScaleSetRef idle = ref("budget-idle");
        ScaleSetRef busy = ref("budget-busy");
        when(azure.read(any())).thenAnswer(call -> inspection(call.getArgument(0)));
        Instant start = Instant.parse("2026-12-04T10:00:00Z");
        Instant[] now = {start};
        ScaleSetReads reads = new ScaleSetReads(azure, defaults, new Clock() {
            @Override public ZoneId getZone() { return ZoneOffset.UTC; }
            @Override public Clock withZone(ZoneId zone) { return this; }
            @Override public Instant instant() { return now[0]; }
        });
        reads.read(idle, "carol", false);
        reads.read(busy, "carol", true);
        now[0] = start.plusSeconds(15);
        reads.read(idle, "carol", false);
        reads.read(busy, "carol", true);
        verify(azure, times(2)).read(idle);
        verify(azure, times(1)).read(busy);
        now[0] = start.plusSeconds(31);
        reads.read(busy, "carol", true);
        verify(azure, times(2)).read(busy);
    }

    private static ScaleSetRef ref(String name) {
        return new ScaleSetRef(Fixtures.SUBSCRIPTION, "demo-rg", name);
    }

    private static String path(ScaleSetRef ref) {
        return "/api/v1/scalesets/" + ref.subscriptionId() + "/" + ref.resourceGroup() + "/" + ref.name();
    }

    private static ScaleSetInspection inspection(ScaleSetRef ref) {
        return new ScaleSetInspection(new ScaleSetModel(ref, Fixtures.CURRENT, "Manual", 2, "Succeeded", null),
                Fixtures.instances(2), null, null, List.of());
    }

    private static RequestPostProcessor as(String name, String... roles) {
        return user(name).authorities(java.util.Arrays.stream(roles).map(SimpleGrantedAuthority::new).toList());
    }
}
