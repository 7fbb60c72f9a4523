package dev.vmssrollout.simulator.admin;

import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.UpgradeMode;

import java.util.List;
import java.util.Map;

/**
 * Body of {@code PUT /simulator/v1/.../virtualMachineScaleSets/{name}}; absent fields take the defaults of
 * {@link ScaleSetSpec.Builder}.
 */
record AdminScaleSetRequest(Integer capacity, String upgradePolicy, Image image, Long upgradeMillis,
                            Long bootMillis, Integer updateDomains, Integer faultDomains, List<String> zones,
                            String location, String vmSize, Boolean healthExtension, Map<String, String> tags) {

    /** {@code {"publisher","offer","sku","version"}}, {@code {"id"}} or {@code {"uri"}} (legacy custom image). */
    record Image(String publisher, String offer, String sku, String version, String id, String uri) {
    }

    ScaleSetSpec toSpec() {
        if (image == null) {
            throw new IllegalArgumentException("image is required");
        }
        ScaleSetSpec.Builder builder = ScaleSetSpec.builder()
            .image(OsImage.of(image.publisher(), image.offer(), image.sku(), image.version(), image.id(), image.uri()))
            .zones(zones)
            .location(location)
            .vmSize(vmSize)
            .tags(tags);
        if (capacity != null) {
            builder.capacity(capacity);
        }
        if (upgradePolicy != null) {
            builder.upgradePolicy(UpgradeMode.parse(upgradePolicy));
        }
        if (upgradeMillis != null) {
            builder.upgradeMillis(upgradeMillis);
        }
        if (bootMillis != null) {
            builder.bootMillis(bootMillis);
        }
        if (updateDomains != null) {
            builder.updateDomains(updateDomains);
        }
        if (faultDomains != null) {
            builder.faultDomains(faultDomains);
        }
        if (healthExtension != null) {
            builder.healthExtension(healthExtension);
        }
        return builder.build();
    }

    static AdminScaleSetRequest of(ScaleSetSpec spec) {
        OsImage image = spec.image();
        return new AdminScaleSetRequest(spec.capacity(), spec.upgradePolicy().armName(),
            new Image(image.publisher(), image.offer(), image.sku(), image.version(), image.id(), image.customUri()),
            spec.upgradeMillis(), spec.bootMillis(), spec.updateDomains(), spec.faultDomains(), spec.zones(),
            spec.location(), spec.vmSize(), spec.healthExtension(), spec.tags());
    }
}
