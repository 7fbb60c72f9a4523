package dev.vmssrollout.workflows;

import dev.vmssrollout.model.WaveState;

/** The one line the Temporal UI shows as the workflow's current details, e.g. "wave 2/5 verifying (4 instances)". */
final class CurrentDetails {

    private CurrentDetails() {
    }

    static String of(RolloutData data) {
        return switch (data.state) {
            case PENDING -> "preflight checks";
            case RUNNING -> running(data);
            case WAITING_FOR_APPROVAL -> data.waitingForApproval == null ? "waiting for approval"
                    : data.waveName(data.waitingForApproval) + " waiting for approval";
            case PAUSED -> "paused: " + data.reason;
            case WAITING_FOR_WINDOW -> "waiting for the maintenance window"
                    + (data.reason == null ? "" : ": " + data.reason);
            case ROLLING_BACK -> rollingBack(data);
            case SUCCEEDED, FAILED, CANCELLED, ROLLED_BACK, TERMINATED ->
                    data.state.name().toLowerCase().replace('_', ' ') + (data.reason == null ? "" : ": " + data.reason);
        };
    }

    private static String running(RolloutData data) {
        if (data.wavePlan == null) {
            return "planning waves";
        }
        Integer current = data.currentWave;
        if (current != null && current < data.waveCount()) {
            WaveStatus wave = data.waves.get(current);
            String size = " (" + wave.wave.size() + " instances)";
            if (wave.state == WaveState.UPGRADING) {
                return data.waveName(current) + " upgrading" + size;
            }
            if (wave.state == WaveState.VERIFYING) {
                return data.waveName(current) + " verifying" + size;
            }
        }
        return data.completedWaves + "/" + data.waveCount() + " waves done";
    }

    private static String rollingBack(RolloutData data) {
        Integer current = data.currentWave;
        if (current != null && current < data.waveCount() && data.waves.get(current).state == WaveState.ROLLING_BACK) {
            return "rolling back " + data.waveName(current) + " (" + data.wave(current).size() + " instances)";
        }
        return "rolling back";
    }
}
