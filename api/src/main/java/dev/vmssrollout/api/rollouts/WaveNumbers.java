package dev.vmssrollout.api.rollouts;

/**
 * The one relation between the two ways of naming a wave: the 0-based {@code index} (its position in a rollout's
 * {@code waves}) and the 1-based {@code number} people read everywhere ("wave 2/5" is index 1).
 */
final class WaveNumbers {

    private WaveNumbers() {
    }

    static int number(int index) {
        return index + 1;
    }

    static Integer number(Integer index) {
        return index == null ? null : index + 1;
    }

    static int index(int number) {
        return number - 1;
    }

    /** "wave 2/5" for index 1 of 5 waves; "wave 2" when the total is not known yet. */
    static String name(int index, Integer total) {
        return "wave " + number(index) + (total == null ? "" : "/" + total);
    }
}
