package dev.vmssrollout.api.reconciler;

import dev.vmssrollout.api.Fixtures;
import dev.vmssrollout.api.scalesets.ScaleSetInspector;
import dev.vmssrollout.api.security.ApprovalProperties;
import dev.vmssrollout.api.temporal.RolloutWorkflows;
import dev.vmssrollout.api.temporal.TemporalProperties;
import dev.vmssrollout.api.temporal.TemporalUnavailableException;
import dev.vmssrollout.api.temporal.WorkflowStatus;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.ResumePoint;
import dev.vmssrollout.model.schedule.WindowOverride;
import dev.vmssrollout.model.store.ResumableRollout;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.store.StoreUnavailableException;
import dev.vmssrollout.workflows.RolloutInput;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

class ReconcilerTest {

    private static final RolloutPlan PLAN = new RolloutPlan(Fixtures.WEB, ImageChange.toVersion("24.04.202410010"),
            null, null, null, null, false).withDefaults();
    private static final Instant NOW = Instant.parse("2026-12-06T09:00:00Z");

    private final RolloutStore store = mock(RolloutStore.class);
    private final RolloutWorkflows workflows = mock(RolloutWorkflows.class);
    private final ScaleSetInspector inspector = mock(ScaleSetInspector.class);
    private final Reconciler reconciler = new Reconciler(store, workflows, inspector, new ApprovalProperties(true),
            new TemporalProperties("localhost:7233", "default", null, null, null, null,
                    new TemporalProperties.SearchAttributes(false), Duration.ofSeconds(30), Duration.ofSeconds(10)),
            new ReconcilerProperties(true, Duration.ZERO, Duration.ofSeconds(30), Duration.ofSeconds(60)),
            Optional.of(Clock.fixed(NOW, ZoneOffset.UTC)));

    @BeforeEach
    void tokensAreIssued() {
        when(store.reissueClaimToken(anyString(), any())).thenReturn(Optional.of("token-1"));
    }

    @Test
    void ofTwoReconcilersThatFoundTheSameLostWorkflowOnlyTheFirstStartsIt() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);
        // The other reconciler issued its token (and started its run) after this round read the rollout.
        when(store.reissueClaimToken(anyString(), any())).thenReturn(Optional.empty());

        assertThat(reconciler.reconcile().started()).isEmpty();

        // Before the fix: a token of its own, which failed the other run's claim, and a refused restart.
        verify(store, never()).issueClaimToken(any());
        verify(workflows, never()).restart(any());
    }

    private static ResumableRollout rollout(String id, long nextSeq, int completedWaves) {
        return new ResumableRollout(id, PLAN, "alice",
                new ResumePoint(null, null, completedWaves, RolloutState.RUNNING, nextSeq, List.of()));
    }

    @Test
    void lostWorkflowIsRestartedFromTheDatabaseResumePoint() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);
        when(workflows.restart(any())).thenReturn(true);

        assertThat(reconciler.reconcile().started()).containsExactly("r1");

        ArgumentCaptor<RolloutInput> input = ArgumentCaptor.forClass(RolloutInput.class);
        verify(workflows).restart(input.capture());
        assertThat(input.getValue().resume().completedWaves()).isEqualTo(2);
        assertThat(input.getValue().resume().nextSeq()).isEqualTo(9);
        assertThat(input.getValue().submittedBy()).isEqualTo("alice");
        assertThat(input.getValue().fourEyes()).isTrue();
    }

    @Test
    void anOverrideRecordedBeforeTheWorkflowWasLostStandsInTheNewRun() {
        WindowOverride approved = new WindowOverride("alice", "CVE-2026-1234 is exploited", "bob");
        ResumableRollout waiting = rollout("r1", 9, 0);
        when(store.nonTerminal()).thenReturn(List.of(new ResumableRollout(waiting.rolloutId(), waiting.plan(),
                waiting.submittedBy(), waiting.resumePoint(), approved, null, "token-0")));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);
        when(workflows.restart(any())).thenReturn(true);

        reconciler.reconcile();

        ArgumentCaptor<RolloutInput> input = ArgumentCaptor.forClass(RolloutInput.class);
        verify(workflows).restart(input.capture());
        assertThat(input.getValue().windowOverride()).isEqualTo(approved);
    }

    @Test
    void rolloutThatNeverRanStartsFromTheBeginning() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 2, 0)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);
        when(workflows.restart(any())).thenReturn(true);

        reconciler.reconcile();

        ArgumentCaptor<RolloutInput> input = ArgumentCaptor.forClass(RolloutInput.class);
        verify(workflows).restart(input.capture());
        assertThat(input.getValue().resume()).isNull();
    }

    @Test
    void aRolloutStoredMomentsAgoThatNoRunHasClaimedIsLeftToWhoeverStoredIt() {
        ResumableRollout fresh = unclaimed("r1", NOW.minusSeconds(5));
        when(store.nonTerminal()).thenReturn(List.of(fresh));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);

        assertThat(reconciler.reconcile().started()).isEmpty();

        // Before the fix: a new claim token, which fails the run its starter was starting at that moment.
        verify(store, never()).reissueClaimToken(any(), any());
        verify(workflows, never()).restart(any());
    }

    @Test
    void anUnclaimedRolloutOlderThanTheGraceIsStarted() {
        when(store.nonTerminal()).thenReturn(List.of(unclaimed("r1", NOW.minusSeconds(61))));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.NOT_FOUND);
        when(workflows.restart(any())).thenReturn(true);

        assertThat(reconciler.reconcile().started()).containsExactly("r1");
    }

    private static ResumableRollout unclaimed(String id, Instant storedAt) {
        return new ResumableRollout(id, PLAN, "alice",
                new ResumePoint(null, null, 0, RolloutState.PENDING, 2, List.of()), null, storedAt, null);
    }

    @Test
    void runningWorkflowIsLeftAlone() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.RUNNING);

        assertThat(reconciler.reconcile().started()).isEmpty();
        verify(workflows, never()).restart(any());
    }

    @Test
    void completedWorkflowIsNotRunAgain() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.COMPLETED);

        reconciler.reconcile();
        verify(workflows, never()).restart(any());
    }

    @Test
    void temporalDownEndsTheRoundQuietly() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2), rollout("r2", 5, 1)));
        when(workflows.status("r1")).thenThrow(new TemporalUnavailableException("down", null));

        Reconciliation round = reconciler.reconcile();

        assertThat(round.unreachable()).isTrue();
        verify(workflows, never()).status("r2");
    }

    @Test
    void databaseDownEndsTheRoundQuietly() {
        when(store.nonTerminal()).thenThrow(new StoreUnavailableException("refused", null));

        assertThat(reconciler.reconcile().checked()).isZero();
    }

    @Test
    void oneBrokenRolloutDoesNotStopTheOthers() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2), rollout("r2", 5, 1)));
        when(workflows.status("r1")).thenThrow(new IllegalStateException("bug"));
        when(workflows.status("r2")).thenReturn(WorkflowStatus.NOT_FOUND);
        when(workflows.restart(any())).thenReturn(true);

        assertThat(reconciler.reconcile().started()).containsExactly("r2");
    }

    @Test
    void aTerminatedWorkflowIsNotRestartedAndWaitsForItsCensus() {
        when(store.nonTerminal()).thenReturn(List.of(rollout("r1", 9, 2)));
        when(workflows.status("r1")).thenReturn(WorkflowStatus.TERMINATED);
        when(workflows.termination("r1")).thenReturn(java.util.Optional.of(
                new RolloutWorkflows.Termination("carol", "stop")));
        when(store.find("r1")).thenReturn(java.util.Optional.of(Fixtures.stored("r1", PLAN, RolloutState.RUNNING, "alice", null)));
        when(inspector.read(any())).thenThrow(new TemporalUnavailableException("no worker", null));

        assertThat(reconciler.reconcile().started()).isEmpty();

        verify(workflows, never()).restart(any());
        verify(store, never()).record(any());
    }
}
