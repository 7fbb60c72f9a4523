package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.model.ScaleSetRef;

/** Azure answered that the scale set does not exist (or that the caller may not see it). */
public class ScaleSetNotFoundException extends RuntimeException {

    private final ScaleSetRef scaleSet;

    public ScaleSetNotFoundException(ScaleSetRef scaleSet, String detail) {
        super("scale set " + scaleSet.resourceId() + " was not found" + (detail == null ? "" : ": " + detail));
        this.scaleSet = scaleSet;
    }

    public ScaleSetRef scaleSet() {
        return scaleSet;
    }
}
