package dev.vmssrollout.workflows;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.ScaleSetRef;

import java.util.Map;

/**
 * One scale set as a list of them shows it: enough for a person to pick it.
 *
 * @param upgradePolicy Azure's upgradePolicy.mode: Manual, Automatic or Rolling
 * @param image         the image its model holds, or null when Azure names none the product can read
 * @param tags          its ARM resource tags (empty when it has none)
 */
public record ScaleSetSummary(ScaleSetRef scaleSet, String location, int capacity, String upgradePolicy, Image image,
                              Map<String, String> tags) {

    public ScaleSetSummary {
        tags = tags == null ? Map.of() : Map.copyOf(tags);
    }
}
