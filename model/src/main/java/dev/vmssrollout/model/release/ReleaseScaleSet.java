package dev.vmssrollout.model.release;

import dev.vmssrollout.model.ScaleSetRef;

/**
 * One scale set a release upgrades, with the Azure region the plan declares for it ({@code region}, e.g.
 * "eastus"; null when not given). The region is taken from the plan, not read from Azure: it is what the
 * region-pair rule checks at submit, before anything reads or touches a scale set.
 */
public record ReleaseScaleSet(String subscriptionId, String resourceGroup, String scaleSet, String region) {

    public ScaleSetRef ref() {
        return new ScaleSetRef(subscriptionId, resourceGroup, scaleSet);
    }
}
