package dev.vmssrollout.workflows.releases;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetListActivities;
import dev.vmssrollout.workflows.ScaleSetSummary;
import dev.vmssrollout.workflows.ScaleSetModel;
import dev.vmssrollout.workflows.WaveHealth;
import io.temporal.failure.ApplicationFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Azure as a bake sees it: four instances per scale set, all unhealthy in the scale sets named in {@link #unhealthy},
 * none readable in those named in {@link #unreadable}. The reads are recorded, scale set by scale set. Resource groups
 * list the scale sets of {@link #locations}.
 */
final class ScriptedScaleSetHealth implements ScaleSetActivities, ScaleSetListActivities {

    private static final Image IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010");

    final Set<String> unhealthy = new HashSet<>();
    final Set<String> unreadable = new HashSet<>();
    /** Scale set name to its location: the scale sets every resource group lists. */
    final Map<String, String> locations = new LinkedHashMap<>();
    private final List<String> reads = new ArrayList<>();
    private final List<String> listedGroups = new ArrayList<>();

    @Override
    public synchronized List<ScaleSetSummary> listScaleSets(String subscriptionId, String resourceGroup) {
        listedGroups.add(resourceGroup);
        return locations.entrySet().stream().map(e -> new ScaleSetSummary(
                new ScaleSetRef(subscriptionId, resourceGroup, e.getKey()), e.getValue(), 4, "Manual", IMAGE,
                Map.of())).toList();
    }

    synchronized List<String> listedGroups() {
        return List.copyOf(listedGroups);
    }

    @Override
    public synchronized List<Instance> listInstances(ScaleSetRef scaleSet) {
        reads.add(scaleSet.name());
        if (unreadable.contains(scaleSet.name())) {
            throw ApplicationFailure.newNonRetryableFailure("the scale set is gone", "SCALE_SET_NOT_FOUND");
        }
        Instance.Health health = unhealthy.contains(scaleSet.name()) ? Instance.Health.UNHEALTHY
                : Instance.Health.HEALTHY;
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            instances.add(new Instance(String.valueOf(i), i, i, null, IMAGE, true, Instance.PowerState.RUNNING, false,
                    health));
        }
        return instances;
    }

    synchronized long reads(String scaleSet) {
        return reads.stream().filter(scaleSet::equals).count();
    }

    @Override
    public ScaleSetModel readModel(ScaleSetRef scaleSet) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public Image readModelImage(ScaleSetRef scaleSet) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public boolean updateModelImage(ScaleSetRef scaleSet, Image image) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public boolean patchModelImage(ScaleSetRef scaleSet, Image expected, Image image, String etag) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public void setUpgradePolicy(ScaleSetRef scaleSet, String mode) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }

    @Override
    public WaveHealth awaitWaveHealthy(ScaleSetRef scaleSet, List<String> instanceIds, HealthPolicy health,
                                       Instant deadline) {
        throw new UnsupportedOperationException("a bake only lists instances");
    }
}
