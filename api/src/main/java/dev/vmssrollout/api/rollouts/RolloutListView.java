package dev.vmssrollout.api.rollouts;

import java.util.List;

/** A page of rollouts, newest first; {@code links.next} is null on the last page. */
public record RolloutListView(List<RolloutSummaryView> items, long total, int limit, int offset, Links links) {

    public record Links(String self, String next) {
    }
}
