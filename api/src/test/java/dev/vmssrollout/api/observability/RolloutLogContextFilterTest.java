package dev.vmssrollout.api.observability;

import org.junit.jupiter.api.Test;
import org.slf4j.MDC;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RolloutLogContextFilterTest {

    private final RolloutLogContextFilter filter = new RolloutLogContextFilter();

    @Test
    void aRequestAboutARolloutLogsWithItsIdAndOnlyWhileItRuns() throws Exception {
        assertThat(rolloutIdSeenBy("POST", "/api/v1/rollouts/6f1c2a/approve")).isEqualTo("6f1c2a");
        assertThat(rolloutIdSeenBy("GET", "/api/v1/rollouts/6f1c2a")).isEqualTo("6f1c2a");
        assertThat(MDC.get(RolloutLogContextFilter.ROLLOUT_ID)).isNull();
    }

    @Test
    void otherRequestsLogWithoutOne() throws Exception {
        assertThat(rolloutIdSeenBy("POST", "/api/v1/rollouts/preview")).isNull();
        assertThat(rolloutIdSeenBy("GET", "/api/v1/rollouts")).isNull();
        assertThat(rolloutIdSeenBy("GET", "/actuator/health")).isNull();
    }

    private String rolloutIdSeenBy(String method, String path) throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        filter.doFilter(new MockHttpServletRequest(method, path), new MockHttpServletResponse(),
                (request, response) -> seen.set(MDC.get(RolloutLogContextFilter.ROLLOUT_ID)));
        return seen.get();
    }
}
