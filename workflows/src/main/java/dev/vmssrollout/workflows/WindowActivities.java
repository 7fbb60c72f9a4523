package dev.vmssrollout.workflows;

import dev.vmssrollout.model.schedule.WindowDecision;
import io.temporal.activity.ActivityInterface;

/**
 * Answers whether a rollout's schedule lets a step start now. An activity, not workflow code: it
 * reads the calendar as it is now, and its answer (which depends on the worker's time-zone
 * rules) is recorded in the history, so a replay on a worker with other tzdata decides the same.
 */
@ActivityInterface
public interface WindowActivities {

    WindowDecision check(WindowCheck request);
}
