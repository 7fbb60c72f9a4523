package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ScaleSetRef;

/**
 * One scale set a release upgrades, with the Azure region the plan declares for it ({@code region}, e.g.
 * "eastus"; null when not given). The region-pair rule checks the declared regions at submit, before anything reads
 * a scale set; the release proves them against Azure's locations before its first stage.
 */
public record ReleaseScaleSet(String subscriptionId, String resourceGroup, String scaleSet, String region) {

    public ScaleSetRef ref() {
        return new ScaleSetRef(subscriptionId, resourceGroup, scaleSet);
    }
}
