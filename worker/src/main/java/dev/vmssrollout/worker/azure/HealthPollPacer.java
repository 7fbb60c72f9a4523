package dev.vmssrollout.worker.azure;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces the health polls so that they stay inside a {@link RequestBudget}, one per budget key: the subscription, since
 * Compute counts high-cost reads per subscription and region, so all rollouts there share it. A poll lists every VM of
 * the scale set with its instance view, one high-cost read per page, so a 1,000-instance scale set costs ten times
 * as much per poll as a 100-instance one and is polled ten times less often once its burst is spent (a
 * {@link SharedBudget}). When Compute's remaining-calls header says fewer reads are left than the bucket holds,
 * because someone else reads in the same subscription, the bucket believes Compute and keeps
 * {@link RateLimitPacer#LOW_WATERMARK} of them for everyone else.
 * <p>
 * A poll before a wave can be done is a read wasted, and reads saved early are there when the wave is about to end.
 * Waves of one rollout are alike, so the pacer remembers when a scale set's waves turned healthy ({@link WaveEnd}) and
 * aims a wave's polls at that: the first at 90 % of it, in case this wave is quicker, and the next no earlier than the
 * expected end itself, where the reads saved meanwhile let the polls after it come close together. A retried attempt
 * polls at once (an earlier one may have seen the wave through). A failed instance is not reported before the wave's
 * other instances finish anyway (capacity), so waiting costs no early verdict.
 */
final class HealthPollPacer {

    /** How much of the expected time to healthy passes before a wave's first poll. */
    static final double QUIET_SHARE = 0.9;

    private final SharedBudget budget;
    private final Duration minInterval;
    private final Map<String, WaveEnd> waveEnds = new ConcurrentHashMap<>();
    private final Map<String, Integer> lastPages = new ConcurrentHashMap<>();

    HealthPollPacer(SharedBudget budget, Duration minInterval) {
        this.budget = budget;
        this.minInterval = minInterval;
    }

    /**
     * Spends {@code pages} reads of the budget (a poll's cost, or what it cost beyond its {@link #takeTurn turn})
     * and answers how long to wait before the next poll, assuming it costs as many pages (at least the minimum
     * interval).
     *
     * @param remainingAtAzure the fewest reads Compute said were left, if it said
     */
    Duration afterPoll(String budgetKey, int pages, OptionalLong remainingAtAzure) {
        double wait = budget.spend(budgetKey, pages, remainingAtAzure);
        Duration paced = Duration.ofNanos((long) Math.min(wait * 1e9, Long.MAX_VALUE));
        return paced.compareTo(minInterval) > 0 ? paced : minInterval;
    }

    /**
     * Takes a poll of {@code pages} reads from the budget before it is made, in line: ZERO when the bucket held them,
     * otherwise how long until this poll's turn, behind every poll that asked before it (the reads are taken now, into
     * debt). Every rollout in the subscription draws on the one bucket this way before each poll, the first of a wave
     * included, so rollouts that start together are served in the order they asked instead of overspending the budget
     * or starving the unlucky; {@link #afterPoll} then charges only what a poll cost beyond what it took here.
     */
    Duration takeTurn(String budgetKey, int pages) {
        return budget.takeInLine(budgetKey, pages);
    }

    /** Pages the last poll of {@code scaleSet} cost (1 before its first): what the next one is expected to cost. */
    int expectedPages(String scaleSet) {
        return lastPages.getOrDefault(scaleSet, 1);
    }

    void polled(String scaleSet, int pages) {
        lastPages.put(scaleSet, Math.max(1, pages));
    }

    /** How long after a wave's start its first poll should wait: most of the expected time to healthy. */
    Duration quietStart(String scaleSet) {
        return Duration.ofMillis((long) (expectedEnd(scaleSet).toMillis() * QUIET_SHARE));
    }

    /**
     * When, after a wave's start, the scale set's waves are expected to turn healthy (ZERO before the first was seen
     * to): no poll after the first comes earlier.
     */
    Duration expectedEnd(String scaleSet) {
        WaveEnd end = waveEnds.get(scaleSet);
        return end == null ? Duration.ZERO : end.expected();
    }

    /**
     * Remembers when a wave of {@code scaleSet} turned healthy, when the first attempt at watching it saw it through:
     * a retried attempt's time includes however long the worker that ran the earlier one was dead before Temporal gave
     * up on it (the heartbeat timeout), which says nothing about the next wave.
     */
    void waveHealthyAfter(String scaleSet, WaveEnd seen, int attempt) {
        if (attempt <= 1) {
            waveEnds.merge(scaleSet, seen, WaveEnd::narrowedBy);
        }
    }
}
