package dev.vmssrollout.model.store;

import java.util.List;

/** A page of rollout summaries and how many rollouts match the query in all. */
public record RolloutPage(List<RolloutSummary> items, long total, int limit, int offset) {

    public RolloutPage {
        items = List.copyOf(items);
    }

    public boolean hasMore() {
        return offset + items.size() < total;
    }
}
