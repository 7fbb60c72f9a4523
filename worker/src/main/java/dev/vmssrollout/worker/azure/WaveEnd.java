package dev.vmssrollout.worker.azure;

import java.time.Duration;

/**
 * When a scale set's waves were seen to turn healthy, counted from each wave's start: after {@code unfinished} (the
 * last poll that found the wave still upgrading; ZERO when the first poll already found it healthy) and no later than
 * {@code healthy} (the poll that found it healthy). Polls are spaced, so the wave ended somewhere in between; the
 * healthy poll alone would overstate it by up to a poll interval, or by however long a budget turn held that poll.
 */
record WaveEnd(Duration unfinished, Duration healthy) {

    /** A clock set back between the polls could make the unfinished poll look later than the healthy one. */
    WaveEnd {
        unfinished = unfinished.compareTo(healthy) > 0 ? Duration.ZERO : unfinished;
    }

    /**
     * What this scale set's waves together say, waves of one rollout being alike: the narrower interval both fit in,
     * or the newer wave's when they disagree (this wave took longer, or shorter, than the earlier ones).
     */
    WaveEnd narrowedBy(WaveEnd newer) {
        Duration after = unfinished.compareTo(newer.unfinished) > 0 ? unfinished : newer.unfinished;
        Duration before = healthy.compareTo(newer.healthy) < 0 ? healthy : newer.healthy;
        return after.compareTo(before) < 0 ? new WaveEnd(after, before) : newer;
    }

    /** The likeliest time to healthy: the middle of the interval, or its end when no poll saw a wave unfinished. */
    Duration expected() {
        return unfinished.isZero() ? healthy : unfinished.plus(healthy).dividedBy(2);
    }
}
