package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The image a rollback puts back: the one the instances ran before the rollout, which the model does not always
 * name. A model that said {@code latest} (or a gallery image without a version) names whatever is newest when Azure
 * resolves it, which may be the very image being rolled back. A model someone changed without upgrading the
 * instances (Manual policy) names an image no instance runs.
 */
final class RollbackImage {

    private RollbackImage() {
    }

    /**
     * {@code previous} itself when the instances still to upgrade run it; else the exact image most of them run (for
     * a floating {@code previous}, most of those that run a version of it).
     */
    static Image pin(Image previous, Image target, List<Instance> instances) {
        if (previous == null) {
            return null;
        }
        Map<String, Integer> votes = new LinkedHashMap<>();
        Map<String, Image> byName = new LinkedHashMap<>();
        for (Instance instance : instances) {
            Image runs = instance.image();
            boolean candidate = runs != null && !runs.isFloating() && !runs.fulfils(target)
                    && (!previous.isFloating() || runs.fulfils(previous));
            if (candidate) {
                votes.merge(runs.toString(), 1, Integer::sum);
                byName.putIfAbsent(runs.toString(), runs);
            }
        }
        Image most = previous;
        int best = 0;
        for (Map.Entry<String, Integer> vote : votes.entrySet()) {
            Image image = byName.get(vote.getKey());
            // A tie keeps the model's own image.
            if (vote.getValue() > best || (vote.getValue() == best && image.sameAs(previous))) {
                most = image.sameAs(previous) ? previous : image;
                best = vote.getValue();
            }
        }
        return most;
    }
}
