package dev.vmssrollout.api.scalesets;

import dev.vmssrollout.model.Image;
import dev.vmssrollout.workflows.ScaleSetList;

import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/v1/scalesets?subscriptionId=&resourceGroup=}: the scale sets the worker can see there, ordered by
 * resource group and name; {@code truncated} when Azure holds more than the list shows (narrow it to a resource group).
 */
public record ScaleSetListView(List<Entry> scaleSets, boolean truncated) {

    /** @param upgradePolicy Azure's upgradePolicy.mode: Manual, Automatic or Rolling */
    public record Entry(String subscriptionId, String resourceGroup, String name, String location, int capacity,
                        String upgradePolicy, Image image, Map<String, String> tags) {
    }

    static ScaleSetListView of(ScaleSetList list) {
        return new ScaleSetListView(list.scaleSets().stream()
                .map(s -> new Entry(s.scaleSet().subscriptionId(), s.scaleSet().resourceGroup(), s.scaleSet().name(),
                        s.location(), s.capacity(), s.upgradePolicy(), s.image(), s.tags()))
                .toList(), list.truncated());
    }
}
