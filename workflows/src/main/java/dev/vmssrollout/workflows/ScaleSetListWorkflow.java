package dev.vmssrollout.workflows;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * A short workflow that lists the scale sets of a subscription or resource group, for the dashboard's scale set
 * picker: as with {@link ScaleSetInspectionWorkflow}, only the worker talks to Azure, and only for a request the
 * API recorded.
 */
@WorkflowInterface
public interface ScaleSetListWorkflow {

    @WorkflowMethod
    ScaleSetList list(ScaleSetListRequest request);
}
