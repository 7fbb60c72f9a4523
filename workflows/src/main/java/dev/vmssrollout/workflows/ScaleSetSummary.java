package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ScaleSetRef;

/**
 * One scale set as a list of them shows it: enough for a person to pick it.
 *
 * @param upgradePolicy Azure's upgradePolicy.mode: Manual, Automatic or Rolling
 * @param image         the image its model holds, or null when Azure names none the product can read
 */
public record ScaleSetSummary(ScaleSetRef scaleSet, String location, int capacity, String upgradePolicy, Image image) {
}
