package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Which image the instances of a scale set run, in words. */
final class ScaleSetCensus {

    private ScaleSetCensus() {
    }

    /** E.g. "8 instances run A, 12 run B; the model holds A. A rollback or a new rollout ...". */
    static String describe(List<Instance> instances, Image model) {
        Map<String, Integer> byImage = new LinkedHashMap<>();
        for (Instance instance : instances) {
            byImage.merge(String.valueOf(instance.image()), 1, Integer::sum);
        }
        boolean uniform = model != null && byImage.size() == 1 && instances.stream().allMatch(i -> i.image() != null && i.image().fulfils(model));
        if (uniform) {
            return "all " + instances.size() + " instances run " + model + ", as the model does";
        }
        List<String> parts = new ArrayList<>();
        byImage.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> parts.add(e.getValue() + (parts.isEmpty() ? " instances run " : " run ") + e.getKey()));
        if (byImage.size() == 1) {
            parts.set(0, "all " + parts.get(0));
        }
        return String.join(", ", parts) + (model == null ? "" : "; the model holds " + model)
                + ". A rollback or a new rollout brings the scale set back to one image";
    }

    /**
     * Instances that a switch back to Automatic or Rolling would make Azure upgrade itself: not
     * on the model's image, or not on its latest version.
     */
    static long notOnModel(List<Instance> instances, Image model) {
        return instances.stream().filter(i -> !i.latestModelApplied() || !model.sameAs(i.image())).count();
    }

    private static final int NAMED = 10;

    /** "instance 8", "instances 20, 21", or the first ten and "and 990 more" for a large scale set. */
    static String instances(List<String> ids) {
        String named = String.join(", ", ids.size() > NAMED ? ids.subList(0, NAMED) : ids);
        return (ids.size() == 1 ? "instance " : "instances ") + named
                + (ids.size() > NAMED ? " and " + (ids.size() - NAMED) + " more" : "");
    }
}
