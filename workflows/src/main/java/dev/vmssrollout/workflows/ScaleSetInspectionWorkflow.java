package dev.vmssrollout.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A short workflow that reads a scale set and, given a plan, the waves it would produce. The API
 * uses it for previews and to check a scale set exists before accepting a rollout, so that only
 * the worker ever talks to Azure.
 */
@WorkflowInterface
public interface ScaleSetInspectionWorkflow {

    @WorkflowMethod
    ScaleSetInspection inspect(InspectionRequest request);
}
