package dev.vmssrollout.cli.render;

/** Durations as people read them at a glance: {@code 45s}, {@code 3m12s}, {@code 1h05m}, {@code 2d03h}. */
public final class Durations {

    private Durations() {
    }

    public static String short_(long seconds) {
        long s = Math.max(0, seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02d", s % 60) + "s";
        }
        if (s < 86_400) {
            return (s / 3600) + "h" + String.format("%02d", (s % 3600) / 60) + "m";
        }
        return (s / 86_400) + "d" + String.format("%02d", (s % 86_400) / 3600) + "h";
    }
}
