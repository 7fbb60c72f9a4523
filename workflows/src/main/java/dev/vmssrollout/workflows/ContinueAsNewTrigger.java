package dev.vmssrollout.workflows;

import io.temporal.workflow.Workflow;

/** When a rollout hands over to a new run between waves, to keep its history short. */
@FunctionalInterface
interface ContinueAsNewTrigger {

    ContinueAsNewTrigger WHEN_SUGGESTED = () -> Workflow.getInfo().isContinueAsNewSuggested();

    boolean shouldContinueAsNew();
}
