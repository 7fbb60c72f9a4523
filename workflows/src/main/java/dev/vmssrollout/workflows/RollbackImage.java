package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image a rollback puts back. A model that said {@code latest} (or a gallery image without a
 * version) names whatever is newest when Azure resolves it, which may be the very image being rolled
 * back: so the rollback restores the exact version the instances ran before the rollout.
 */
final class RollbackImage {

    private RollbackImage() {
    }

    /** {@code previous} itself unless it floats; then the exact image most of the instances run under it. */
    static Image pin(Image previous, List<Instance> instances) {
        if (previous == null || !previous.isFloating()) {
            return previous;
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Image> byName = new LinkedHashMap<>();
        for (Instance instance : instances) {
            Image runs = instance.image();
            if (runs != null && !runs.isFloating() && runs.fulfils(previous)) {
                votes.merge(runs.toString(), 1, Integer::sum);
                byName.putIfAbsent(runs.toString(), runs);
            }
        }
        return votes.entrySet().stream().max(Map.Entry.comparingByValue())
                .map(e -> byName.get(e.getKey())).orElse(previous);
    }
}
