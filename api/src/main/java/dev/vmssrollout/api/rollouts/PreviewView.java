package dev.vmssrollout.api.rollouts;

import dev.vmssrollout.model.Image;

import java.util.List;

/**
 * What {@code POST /api/v1/rollouts/preview} answers: the scale set as it is and the waves the plan
 * would run, without changing anything.
 *
 * @param largestWave the most instances out of service at once
 * @param warnings    things worth knowing before submitting, including the refusal below
 * @param refusal     why a submission of this plan now would be refused (a rollout of the scale set in progress),
 *                    or null when it would be accepted
 */
public record PreviewView(RolloutRequest.Target target, Model model, Image targetImage, int capacity,
                          List<PlannedWave> waves, List<String> skipped, int instancesToUpgrade, int largestWave,
                          List<String> warnings, RolloutRequest plan, String refusal) {

    /** The scale set's model now. */
    public record Model(Image image, String upgradePolicy, int capacity, String provisioningState) {
    }

    /** {@code index} is 0-based, {@code number} is the 1-based wave number people read. */
    public record PlannedWave(int index, String label, List<String> instanceIds, int number) {
    }
}
