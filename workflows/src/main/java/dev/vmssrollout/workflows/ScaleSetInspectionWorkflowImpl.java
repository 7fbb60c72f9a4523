package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.PlanRejectedException;
import dev.vmssrollout.model.WavePlan;
import dev.vmssrollout.model.WavePlanner;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.workflow.Workflow;

import java.util.List;

public class ScaleSetInspectionWorkflowImpl implements ScaleSetInspectionWorkflow {

    private final ScaleSetActivities azure = Workflow.newActivityStub(ScaleSetActivities.class,
            PersonWaiting.azureCalls());
    private final WorkflowGuardActivities guard = Workflow.newActivityStub(WorkflowGuardActivities.class,
            PersonWaiting.guardChecks());

    @Override
    public ScaleSetInspection inspect(InspectionRequest request) {
        if (Workflow.getVersion(Gatekeeper.CHANGE_ID, Workflow.DEFAULT_VERSION, 1) != Workflow.DEFAULT_VERSION) {
            // The worker's Azure identity reads the scale set only for a request the API recorded first.
            String refused = guard.checkInspection(request);
            if (refused != null) {
                throw ApplicationFailure.newNonRetryableFailure("inspection refused: " + refused, Gatekeeper.ACTION_REFUSED);
            }
        }
        ScaleSetModel model;
        List<Instance> instances;
        try {
            model = azure.readModel(request.scaleSet());
            instances = azure.listInstances(request.scaleSet());
        } catch (ActivityFailure failed) {
            // A user's mistake (no such scale set, no access) is an answer, not a failed workflow: Temporal logs
            // every failed workflow as a warning with a stack trace, and the worker has already said why in one line.
            if (failed.getCause() instanceof ApplicationFailure azureSaid
                    && azureSaid.getCategory() == ApplicationErrorCategory.BENIGN) {
                return ScaleSetInspection.refused(azureSaid.getType(), azureSaid.getOriginalMessage());
            }
            throw failed;
        }
        if (request.plan() == null) {
            return new ScaleSetInspection(model, instances, null, null, List.of());
        }
        try {
            Image target = request.plan().image().applyTo(model.image());
            WavePlan waves = WavePlanner.plan(request.plan().strategy(), target, instances);
            return new ScaleSetInspection(model, instances, target, waves, List.of());
        } catch (PlanRejectedException rejected) {
            return new ScaleSetInspection(model, instances, null, null, rejected.violations());
        }
    }
}
