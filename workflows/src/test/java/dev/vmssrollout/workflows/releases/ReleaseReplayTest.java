package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.workflows.testing.CommittedHistories;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Replays committed release histories against today's release workflow: a change that would break running
 * releases fails here and must be guarded with Workflow.getVersion. Histories are written by
 * {@link ReleaseWorkflowTest} with {@code -DexportHistories=true}.
 */
class ReleaseReplayTest {

    static final String DIRECTORY = "release-histories";

    /** Today's release workflow with one change that breaks replay: it sleeps before doing anything. */
    public static class SleepsFirstReleaseWorkflow extends ReleaseWorkflowImpl {

        @WorkflowInit
        public SleepsFirstReleaseWorkflow(ReleaseInput input) {
            super(input);
        }

        @Override
        public ReleaseProgress run(ReleaseInput input) {
            Workflow.sleep(Duration.ofSeconds(1));
            return super.run(input);
        }
    }

    static Stream<String> histories() throws IOException, URISyntaxException {
        return CommittedHistories.in(DIRECTORY);
    }

    @ParameterizedTest
    @MethodSource("histories")
    void todaysReleaseWorkflowReplaysACommittedHistory(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecutionFromResource(DIRECTORY + "/" + history, ReleaseWorkflowImpl.class);
    }

    @Test
    void theReplayFailsWhenTheWorkflowChangesWithoutAVersion() throws Exception {
        String history = histories().findFirst().orElseThrow();
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecutionFromResource(DIRECTORY + "/" + history,
                SleepsFirstReleaseWorkflow.class)).isInstanceOf(RuntimeException.class);
    }
}
