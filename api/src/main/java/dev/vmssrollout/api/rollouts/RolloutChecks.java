package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.api.problems.ApiProblemException;
import dev.vmssrollout.api.problems.FieldViolation;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.Wave;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetModel;

import java.util.ArrayList;
import java.util.List;

/**
 * What the scale set as it is now says about a plan: reasons to refuse it (the same the workflow's
 * preflight would find, found before anything is stored) and warnings for the preview.
 */
final class RolloutChecks {

    private RolloutChecks() {
    }

    static void requireRunnable(RolloutPlan plan, ScaleSetInspection inspection) {
        if (!inspection.violations().isEmpty()) {
            throw new ApiProblemException(ProblemType.PLAN_NOT_APPLICABLE, "the plan does not fit scale set "
                    + plan.target() + " as it is now (see violations)", FieldViolation.of(inspection.violations()));
        }
        ScaleSetModel model = inspection.model();
        if (appliesModelItself(model.upgradePolicy()) && !plan.allowPolicySwitch()) {
            String message = "scale set " + plan.target() + " has upgrade policy " + model.upgradePolicy()
                    + ": changing its model would upgrade instances outside the rollout's waves; set the policy to "
                    + "Manual, or set allowPolicySwitch to true to switch it for the rollout and restore it afterwards";
            throw new ApiProblemException(ProblemType.PLAN_NOT_APPLICABLE, message,
                    List.of(new FieldViolation("allowPolicySwitch", message)));
        }
        if (model.conflictingOperation() != null) {
            throw new ApiProblemException(ProblemType.SCALE_SET_BUSY_IN_AZURE, "scale set " + plan.target()
                    + " is busy in Azure: " + model.conflictingOperation() + "; try again when it has finished");
        }
        if (inspection.wavePlan() == null) {
            throw new ApiProblemException(ProblemType.PLAN_NOT_APPLICABLE, "no waves could be planned for " + plan.target());
        }
    }

    static List<String> warnings(RolloutPlan plan, ScaleSetInspection inspection) {
        List<String> warnings = new ArrayList<>();
        ScaleSetModel model = inspection.model();
        if (appliesModelItself(model.upgradePolicy())) {
            warnings.add("upgrade policy " + model.upgradePolicy() + " will be switched to Manual for the rollout and "
                    + "restored afterwards");
        }
        if (model.provisioningState() != null && !"Succeeded".equalsIgnoreCase(model.provisioningState())) {
            warnings.add("the scale set's provisioning state is " + model.provisioningState());
        }
        int skipped = inspection.wavePlan().skippedInstanceIds().size();
        if (skipped > 0) {
            warnings.add(skipped + " instance" + (skipped == 1 ? " already runs" : "s already run")
                    + " the target image and will be skipped");
        }
        long unhealthy = inspection.instances().stream().filter(i -> i.health() == Instance.Health.UNHEALTHY).count();
        if (unhealthy > 0) {
            warnings.add(unhealthy + " instance(s) are unhealthy now"
                    + (plan.strategy().prioritizeUnhealthy() ? " and go first" : "; prioritizeUnhealthy would upgrade them first"));
        }
        long notRunning = inspection.instances().stream().filter(i -> i.power() != Instance.PowerState.RUNNING).count();
        if (notRunning > 0) {
            warnings.add(notRunning + " instance(s) are not running; capacity during the rollout is lower than planned");
        }
        int capacity = inspection.instances().size();
        for (Wave wave : inspection.wavePlan().waves()) {
            if (wave.size() * 2 > capacity) {
                warnings.add(WaveNumbers.name(wave.index(), null) + " (" + wave.label() + ") takes " + wave.size() + " of " + capacity
                        + " instances out of service at once");
                break;
            }
        }
        return warnings;
    }

    private static boolean appliesModelItself(String policy) {
        return "Automatic".equalsIgnoreCase(policy) || "Rolling".equalsIgnoreCase(policy);
    }
}
