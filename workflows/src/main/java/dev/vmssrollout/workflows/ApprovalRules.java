package dev.vmssrollout.workflows;

import dev.vmssrollout.model.identity.Identity;

/** Whether an approval may be accepted; the rejections are read by the person who sent it. */
final class ApprovalRules {

    private ApprovalRules() {
    }

    /**
     * @throws IllegalArgumentException when the request itself is wrong (unknown wave, four-eyes)
     * @throws IllegalStateException    when the rollout is not waiting for this approval now
     */
    static void check(RolloutData data, ApproveWave request) {
        if (request == null || Identity.isBlank(request.approver())) {
            throw new IllegalArgumentException("an approval needs the approver's name");
        }
        String rollout = "rollout " + data.input.rolloutId();
        if (data.state.isTerminal()) {
            throw new IllegalStateException(rollout + " has ended (" + data.state + "); there is nothing to approve");
        }
        if (data.wavePlan == null) {
            throw new IllegalStateException("the waves of " + rollout + " are not planned yet; no wave waits for approval");
        }
        int index = request.wave();
        if (index < 0 || index >= data.waveCount()) {
            throw new IllegalArgumentException("there is no wave " + (index + 1) + ": " + rollout + " has "
                    + data.waveCount() + " waves, numbered 1 to " + data.waveCount());
        }
        if (data.approvedWaves.contains(index)) {
            throw new IllegalStateException(data.waveName(index) + " is already approved");
        }
        Integer waiting = data.waitingForApproval;
        if (waiting == null || waiting != index) {
            throw new IllegalStateException(data.waveName(index) + " is not waiting for approval; "
                    + (waiting == null ? "no wave is (the rollout is " + data.state + ")" : data.waveName(waiting) + " is"));
        }
        // Compared as people, not strings: "alice ", "ALICE" and a fullwidth "ａｌｉｃｅ" are alice.
        if (data.input.fourEyes() && Identity.samePerson(request.approver(), data.input.submittedBy())) {
            throw new IllegalArgumentException("four-eyes: " + data.input.submittedBy()
                    + " submitted this rollout and cannot approve it; another approver must");
        }
    }
}
