package dev.vmssrollout.api.reliability;

import dev.vmssrollout.api.e2e.EndToEndTestSupport;
import dev.vmssrollout.model.store.RolloutStore;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** The end-to-end stack and context, plus real HTTP, the store, and waits that show the rollout when they give up. */
abstract class ReliabilitySupport extends EndToEndTestSupport {

    @LocalServerPort
    int port;

    @Autowired
    RolloutStore store;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Override
    protected String awaitRollout(String id, Predicate<String> condition) {
        try {
            return super.awaitRollout(id, condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("rollout " + id + " did not get there in time; it is now: " + dump(id), e);
        }
    }

    /** Wave {@code index} has been started and has not finished: its upgrade or its health wait runs. */
    static boolean inFlight(String json, int index) {
        String state = waveState(json, index);
        return "UPGRADING".equals(state) || "VERIFYING".equals(state);
    }

    /**
     * The state of wave {@code index}, or null while the rollout has no such wave yet: a rollout's first answers come
     * before its waves are planned, and a path like {@code $.waves[0].state} would throw on them.
     */
    static String waveState(String json, int index) {
        List<String> states = read(json, "$.waves[*].state");
        return states.size() > index ? states.get(index) : null;
    }

    static String created(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return read(response.body(), "$.id");
    }

    private String dump(String id) {
        try {
            return rollout(id);
        } catch (Exception e) {
            return e.toString();
        }
    }
}
