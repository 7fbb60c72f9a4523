package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.store.RolloutSummary;
import dev.vmssrollout.workflows.ScaleSetInspection;
import dev.vmssrollout.workflows.ScaleSetModel;

import java.util.List;

/**
 * {@code GET /api/v1/scalesets/{subscriptionId}/{resourceGroup}/{name}}: the scale set's model and instances as
 * Azure reports them now, and its rollout that has not ended, if any.
 */
public record ScaleSetView(Target target, Model model, List<InstanceView> instances, ActiveRollout activeRollout) {

    public record Target(String subscriptionId, String resourceGroup, String scaleSet) {
    }

    /** @param conflictingOperation an Azure operation a rollout must not run beside, or null */
    public record Model(Image image, String upgradePolicy, int capacity, String provisioningState,
                        String conflictingOperation) {
    }

    public record InstanceView(String instanceId, int updateDomain, int faultDomain, String zone, Image image,
                               boolean latestModelApplied, Instance.PowerState power, boolean updating,
                               Instance.Health health) {
    }

    public record ActiveRollout(String id, RolloutState state) {
    }

    static ScaleSetView of(ScaleSetRef ref, ScaleSetInspection inspection, RolloutSummary active) {
        ScaleSetModel m = inspection.model();
        return new ScaleSetView(new Target(ref.subscriptionId(), ref.resourceGroup(), ref.name()),
                new Model(m.image(), m.upgradePolicy(), m.capacity(), m.provisioningState(), m.conflictingOperation()),
                inspection.instances().stream().map(i -> new InstanceView(i.instanceId(), i.updateDomain(),
                        i.faultDomain(), i.zone(), i.image(), i.latestModelApplied(), i.power(), i.updating(),
                        i.health())).toList(),
                active == null ? null : new ActiveRollout(active.id(), active.state()));
    }
}
