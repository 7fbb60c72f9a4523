package dev.vmssrollout.workflows;

import io.temporal.workflow.Workflow;

/**
 * Workflow.getVersion change IDs of behaviour that calls Azure differently from earlier runs: a run
 * started before the change replays the old way, every new run takes the new one.
 */
final class WorkflowChanges {

    /** The model and the instances are re-read before each wave and when a wave is judged (issue 12, scenario 4). */
    static final String MODEL_DRIFT = "model-drift-checks";
    /** A rollback lists the instances, sends only those off the previous image, and can be retried (scenario 7). */
    static final String ROLLBACK_CENSUS = "rollback-census";
    /** Before the policy is restored, instances on the model's image are brought onto its latest version (scenario 8). */
    static final String POLICY_SYNC = "policy-restore-sync";
    /** Preflight refuses a scale set without a health source unless the plan says requireSignal=false (scenario 11). */
    static final String HEALTH_SIGNAL = "health-signal-required";
    /** The model's image is changed with a conditional PATCH, not a read-then-full-PUT (scenario 5). */
    static final String MODEL_PATCH = "model-patch-if-match";

    /** A wave waits while instances of earlier waves are out of service beyond the largest wave (generator seed 20261204394). */
    static final String CAPACITY_FLOOR = "capacity-floor-before-wave";

    /** A rollback reads the model again before it reports ROLLED_BACK (generator seed 20261204374). */
    static final String ROLLBACK_MODEL_CHECK = "rollback-model-check";

    /** A plan's metric analysis judges each healthy wave before it counts as completed (issue 18). */
    static final String METRIC_ANALYSIS = "metric-analysis";

    /**
     * A wave in flight has an overall deadline ({@code health.waveDeadline}), and a cancel or rollback interrupts it
     * at once: the activity is cancelled and the instances are recorded as Azure shows them (issue 12, scenario 9).
     */
    static final String WAVE_DEADLINE = "wave-deadline-and-interrupt";

    /** A rollback also returns instances a scale-out added off the previous image (generator, scale-out kind). */
    static final String ROLLBACK_ADDED_INSTANCES = "rollback-added-instances";

    /** A drift check reads the model alone, not also the latest rolling upgrade: half the model reads per wave. */
    static final String DRIFT_READS_MODEL_ONLY = "drift-reads-model-only";

    /** The census before a wave (and the final one) is the last health poll's list when it is fresh: no VM list. */
    static final String CENSUS_FROM_HEALTH_POLL = "census-from-health-poll";

    /** A drift check that found the target stands for the next one while fresh: the one after a wave, before the next. */
    static final String MODEL_CHECK_FROM_LAST_WAVE = "model-check-from-last-wave";

    /** The instances listed to plan the waves stand for the census before the first wave while fresh. */
    static final String CENSUS_FROM_PLANNING = "census-from-planning";

    private WorkflowChanges() {
    }

    static boolean applies(String changeId) {
        return Workflow.getVersion(changeId, Workflow.DEFAULT_VERSION, 1) >= 1;
    }
}
