package dev.vmssrollout.workflows;

import com.fasterxml.jackson.annotation.JsonCreator;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ScaleSetRef;

/**
 * The parts of a scale set's model a rollout reads.
 *
 * @param upgradePolicy      Azure's upgradePolicy.mode: Manual, Automatic or Rolling
 * @param conflictingOperation a description of an Azure operation that a rollout must not run
 *                           beside (a rolling upgrade in progress, a model update), or null
 * @param healthSource       what reports the instances' health ("Application Health extension",
 *                           "load-balancer health probe"), or null when nothing does
 * @param etag               the model's ETag when it was read: a later update sends it as If-Match
 */
public record ScaleSetModel(ScaleSetRef ref, Image image, String upgradePolicy, int capacity,
                            String provisioningState, String conflictingOperation, String healthSource, String etag) {

    @JsonCreator
    public ScaleSetModel {
    }

    public ScaleSetModel(ScaleSetRef ref, Image image, String upgradePolicy, int capacity, String provisioningState,
                         String conflictingOperation, String healthSource) {
        this(ref, image, upgradePolicy, capacity, provisioningState, conflictingOperation, healthSource, null);
    }

    public ScaleSetModel(ScaleSetRef ref, Image image, String upgradePolicy, int capacity, String provisioningState,
                         String conflictingOperation) {
        this(ref, image, upgradePolicy, capacity, provisioningState, conflictingOperation, null);
    }
}
