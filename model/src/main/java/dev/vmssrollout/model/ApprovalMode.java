package dev.vmssrollout.model;

/**
 * Where a rollout stops for a human. FIRST_WAVE is a canary: approve before the first wave, then
 * again before the second, once the first has proven healthy.
 */
public enum ApprovalMode { NONE, FIRST_WAVE, EVERY_WAVE;

    /** Whether wave {@code index} (0-based) must be approved before it starts. */
    public boolean gates(int index) {
        return switch (this) {
            case NONE -> false;
            case FIRST_WAVE -> index <= 1;
            case EVERY_WAVE -> true;
        };
    }
}
