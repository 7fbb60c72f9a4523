package dev.vmssrollout.api.e2e;

import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MvcResult;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/** Rollouts through the real API, worker, Temporal, PostgreSQL and simulated Azure. */
class RolloutLifecycleEndToEndTest extends EndToEndTestSupport {

    @Test
    void submittedRolloutUpgradesWaveByWaveAndSucceeds() throws Exception {
        // Waves of about a second, so polling every 100 ms sees them complete one by one even on a busy machine.
        ScaleSetKey web = LocalStack.get().scaleSet("e2e-happy", 20, 600, 300);

        MvcResult submitted = submit("alice", body("e2e-happy", ""));
        assertThat(submitted.getResponse().getStatus()).isEqualTo(201);
        String id = read(submitted.getResponse().getContentAsString(), "$.id");
        assertThat(submitted.getResponse().getHeader("Location")).isEqualTo("/api/v1/rollouts/" + id);

        Set<Integer> completedWavesSeen = new HashSet<>();
        String done = awaitRollout(id, json -> {
            List<Object> completed = read(json, "$.waves[?(@.state == 'SUCCEEDED')]");
            completedWavesSeen.add(completed.size());
            return "SUCCEEDED".equals(read(json, "$.state"));
        });

        assertThat(completedWavesSeen).as("GET showed the waves completing one by one")
                .filteredOn(count -> count > 0 && count < 5).hasSizeGreaterThanOrEqualTo(3);
        assertThat(read(done, "$.waves.length()").toString()).isEqualTo("5");
        assertThat((List<String>) read(done, "$.waves[*].state")).containsOnly("SUCCEEDED");
        assertThat((List<String>) read(done, "$.waves[*].instances[*].state")).hasSize(20).containsOnly("HEALTHY");
        List<String> types = read(done, "$.events[*].type");
        assertThat(types).startsWith("SUBMITTED").contains("MODEL_UPDATED", "WAVES_PLANNED", "WAVE_STARTED",
                "WAVE_COMPLETED").endsWith("SUCCEEDED");
        assertThat((List<String>) read(done, "$.events[?(@.type == 'SUBMITTED')].actor")).containsExactly("alice");
        List<Number> seqs = read(done, "$.events[*].seq");
        assertThat(seqs.get(seqs.size() - 1).longValue()).isEqualTo(seqs.size());

        ScaleSetReport report = LocalStack.get().report(web);
        assertThat(report.upgradeCounts()).hasSize(20).allSatisfy((instance, count) -> assertThat(count).isEqualTo(1));
        assertThat(report.minInService()).isGreaterThanOrEqualTo(16);
    }

    @Test
    void firstWaveApprovalNeedsAnotherApprover() throws Exception {
        LocalStack.get().scaleSet("e2e-approval", 20, 30, 20);
        String id = read(submit("alice", body("e2e-approval", ", \"approval\": {\"mode\": \"FIRST_WAVE\"}"))
                .getResponse().getContentAsString(), "$.id");
        awaitRollout(id, json -> Integer.valueOf(0).equals(read(json, "$.waitingForApprovalWave")));

        mvc.perform(post("/api/v1/rollouts/" + id + "/approve"))
                .andExpect(status().isUnauthorized());
        mvc.perform(post("/api/v1/rollouts/" + id + "/approve").with(user("sam").authorities(() -> "rollout.submit")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.requiredRole").value("rollout.approve"));
        mvc.perform(post("/api/v1/rollouts/" + id + "/approve").with(httpBasic("alice", "alice")))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("alice submitted rollout " + id)));
        mvc.perform(post("/api/v1/rollouts/" + id + "/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"wave\": 3}"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("is not waiting for approval")));

        mvc.perform(post("/api/v1/rollouts/" + id + "/approve").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"comment\": \"go canary\"}"))
                .andExpect(status().isAccepted());
        awaitRollout(id, json -> Integer.valueOf(1).equals(read(json, "$.waitingForApprovalWave")));
        mvc.perform(post("/api/v1/rollouts/" + id + "/approve").with(httpBasic("bob", "bob")))
                .andExpect(status().isAccepted());

        String done = awaitState(id, "SUCCEEDED");
        assertThat((List<String>) read(done, "$.approvals[*].approver")).containsExactly("bob", "bob");
        assertThat((List<String>) read(done, "$.events[?(@.type == 'APPROVED')].actor")).containsExactly("bob", "bob");
        assertThat((List<String>) read(done, "$.events[?(@.type == 'APPROVED')].message"))
                .first().asString().contains("bob").contains("go canary");
    }

    @Test
    void busyScaleSetRefusesASecondRolloutUntilTheFirstIsCancelled() throws Exception {
        LocalStack.get().scaleSet("e2e-busy", 20, 30, 20);
        String first = read(submit("alice", body("e2e-busy", ", \"approval\": {\"mode\": \"EVERY_WAVE\"}"))
                .getResponse().getContentAsString(), "$.id");
        long rows = rolloutRows();

        MvcResult second = submit("bob", body("e2e-busy", ""));
        assertThat(second.getResponse().getStatus()).isEqualTo(409);
        assertThat((String) read(second.getResponse().getContentAsString(), "$.activeRolloutId")).isEqualTo(first);
        assertThat(rolloutRows()).isEqualTo(rows);

        awaitState(first, "WAITING_FOR_APPROVAL");
        mvc.perform(post("/api/v1/rollouts/" + first + "/cancel").with(httpBasic("bob", "bob"))
                        .contentType(MediaType.APPLICATION_JSON).content("{\"reason\": \"wrong image\"}"))
                .andExpect(status().isAccepted());
        String cancelled = awaitState(first, "CANCELLED");
        assertThat((List<String>) read(cancelled, "$.events[?(@.type == 'CANCEL_REQUESTED')].actor")).containsExactly("bob");
        mvc.perform(post("/api/v1/rollouts/" + first + "/pause").with(httpBasic("bob", "bob")))
                .andExpect(status().isConflict());

        assertThat(submit("bob", body("e2e-busy", ", \"approval\": {\"mode\": \"EVERY_WAVE\"}")).getResponse().getStatus())
                .isEqualTo(201);
    }

    @Test
    void retriedSubmissionWithTheSameIdempotencyKeyGetsTheSameRollout() throws Exception {
        LocalStack.get().scaleSet("e2e-idem", 20, 30, 20);
        String json = body("e2e-idem", ", \"approval\": {\"mode\": \"EVERY_WAVE\"}");
        MvcResult first = mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice")).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();
        MvcResult again = mvc.perform(post("/api/v1/rollouts").with(httpBasic("alice", "alice")).header("Idempotency-Key", "k-1")
                .contentType(MediaType.APPLICATION_JSON).content(json)).andReturn();

        assertThat(first.getResponse().getStatus()).isEqualTo(201);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        String id = read(first.getResponse().getContentAsString(), "$.id");
        assertThat((String) read(again.getResponse().getContentAsString(), "$.id")).isEqualTo(id);

        mvc.perform(post("/api/v1/rollouts/" + id + "/cancel").with(httpBasic("alice", "alice")))
                .andExpect(status().isAccepted());
        awaitState(id, "CANCELLED");
    }

    @Test
    void previewReadsTheRealScaleSetAndWritesNothing() throws Exception {
        LocalStack.get().scaleSet("e2e-preview", 20, 30, 20);
        long rows = rolloutRows();

        mvc.perform(post("/api/v1/rollouts/preview").with(httpBasic("alice", "alice"))
                        .contentType(MediaType.APPLICATION_JSON)
                        .content(body("e2e-preview", ", \"strategy\": {\"mode\": \"BATCH\", \"batchPercent\": 25}")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.capacity").value(20))
                .andExpect(jsonPath("$.waves.length()").value(4))
                .andExpect(jsonPath("$.largestWave").value(5))
                .andExpect(jsonPath("$.model.upgradePolicy").value("Manual"))
                .andExpect(jsonPath("$.targetImage.version").value("24.04.202410010"));
        assertThat(rolloutRows()).isEqualTo(rows);
    }
}
