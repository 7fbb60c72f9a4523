package dev.vmssrollout.workflows;

import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

public class ScaleSetListWorkflowImpl implements ScaleSetListWorkflow {

    private final ScaleSetListActivities azure = Workflow.newActivityStub(ScaleSetListActivities.class,
            PersonWaiting.azureCalls());
    private final WorkflowGuardActivities guard = Workflow.newActivityStub(WorkflowGuardActivities.class,
            PersonWaiting.guardChecks());

    @Override
    public ScaleSetList list(ScaleSetListRequest request) {
        String refused = guard.checkScaleSetList(request);
        if (refused != null) {
            throw ApplicationFailure.newNonRetryableFailure("listing refused: " + refused, Gatekeeper.ACTION_REFUSED);
        }
        try {
            return ScaleSetList.of(azure.listScaleSets(request.subscriptionId(), request.resourceGroup()));
        } catch (ActivityFailure failed) {
            // No such resource group or no access is an answer for the person, not a failed workflow.
            if (failed.getCause() instanceof ApplicationFailure azureSaid
                    && azureSaid.getCategory() == ApplicationErrorCategory.BENIGN) {
                return ScaleSetList.refused(azureSaid.getType(), azureSaid.getOriginalMessage());
            }
            throw failed;
        }
    }
}
