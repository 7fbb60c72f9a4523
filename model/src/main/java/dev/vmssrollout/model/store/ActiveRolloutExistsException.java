package dev.vmssrollout.model.store;

import dev.vmssrollout.model.ScaleSetRef;

/** A scale set runs at most one rollout at a time: two would fight over its model and its capacity. */
public class ActiveRolloutExistsException extends RuntimeException {

    private final ScaleSetRef scaleSet;
    private final String activeRolloutId;

    public ActiveRolloutExistsException(ScaleSetRef scaleSet, String activeRolloutId) {
        super("scale set " + scaleSet + " already has rollout " + activeRolloutId
                + " in progress; wait for it to finish or cancel it");
        this.scaleSet = scaleSet;
        this.activeRolloutId = activeRolloutId;
    }

    public ScaleSetRef scaleSet() {
        return scaleSet;
    }

    public String activeRolloutId() {
        return activeRolloutId;
    }
}
