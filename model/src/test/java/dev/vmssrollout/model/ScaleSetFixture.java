package dev.vmssrollout.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Builds a scale set's instances the way Azure spreads them: instance {@code i} (IDs 0..n-1) in
 * update domain {@code i % updateDomains}, fault domain {@code i % faultDomains} and, when the
 * scale set has zones, zone {@code i % zones + 1}. Every instance runs {@link TestImages#CURRENT}
 * and is healthy unless told otherwise.
 */
final class ScaleSetFixture {

    private int count = 5;
    private int updateDomains = 5;
    private int faultDomains = 5;
    private int zones;
    private final Set<String> unhealthy = new HashSet<>();
    private final Set<String> onTarget = new HashSet<>();

    private ScaleSetFixture() {
    }

    static ScaleSetFixture aScaleSet() {
        return new ScaleSetFixture();
    }

    ScaleSetFixture withInstances(int count) {
        this.count = count;
        return this;
    }

    ScaleSetFixture inUpdateDomains(int updateDomains) {
        this.updateDomains = updateDomains;
        return this;
    }

    ScaleSetFixture inFaultDomains(int faultDomains) {
        this.faultDomains = faultDomains;
        return this;
    }

    ScaleSetFixture inZones(int zones) {
        this.zones = zones;
        return this;
    }

    ScaleSetFixture withUnhealthy(String... instanceIds) {
        unhealthy.addAll(Arrays.asList(instanceIds));
        return this;
    }

    /** These instances already run {@link TestImages#TARGET}. */
    ScaleSetFixture alreadyOnTarget(String... instanceIds) {
        onTarget.addAll(Arrays.asList(instanceIds));
        return this;
    }

    ScaleSetFixture allOnTarget() {
        for (int i = 0; i < count; i++) {
            onTarget.add(String.valueOf(i));
        }
        return this;
    }

    List<Instance> build() {
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = String.valueOf(i);
            instances.add(instance(id, i % updateDomains, i % faultDomains,
                    zones == 0 ? null : String.valueOf(i % zones + 1),
                    onTarget.contains(id) ? TestImages.TARGET : TestImages.CURRENT,
                    unhealthy.contains(id) ? Instance.Health.UNHEALTHY : Instance.Health.HEALTHY));
        }
        return instances;
    }

    static Instance instance(String id, int updateDomain, int faultDomain, String zone, Image image,
                             Instance.Health health) {
        return new Instance(id, updateDomain, faultDomain, zone, image, true, Instance.PowerState.RUNNING, false, health);
    }
}
