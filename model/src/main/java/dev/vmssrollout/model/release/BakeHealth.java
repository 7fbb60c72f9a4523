package dev.vmssrollout.model.release;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Instance;

import java.util.List;

/**
 * Whether a scale set that finished its rollout is still healthy while its stage bakes: no more of its instances may
 * report unhealthy than its rollout's health policy tolerates in a wave. Only an unhealthy report counts: an instance
 * whose health is unknown is booting, being created by a scale-out or being serviced by Azure, not failing.
 */
public final class BakeHealth {

    private BakeHealth() {
    }

    /** @return what is wrong, e.g. "3 of 4 instances unhealthy (at most 0 tolerated): 0, 1, 2"; null when nothing is */
    public static String problem(List<Instance> instances, HealthPolicy health) {
        List<String> unhealthy = instances.stream().filter(instance -> instance.health() == Instance.Health.UNHEALTHY)
                .map(Instance::instanceId).toList();
        int tolerated = health.toleratedUnhealthy(instances.size());
        if (unhealthy.size() <= tolerated) {
            return null;
        }
        return unhealthy.size() + " of " + instances.size() + " instances unhealthy (at most " + tolerated
                + " tolerated): " + String.join(", ", unhealthy.subList(0, Math.min(unhealthy.size(), 10)))
                + (unhealthy.size() > 10 ? ", ..." : "");
    }
}
