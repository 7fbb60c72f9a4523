package dev.vmssrollout.simulator;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a simulated scale set looks like when it is created: its size, policy, image, topology and how long an
 * instance takes to upgrade ({@code upgradeMillis}, out of service) and then to boot ({@code bootMillis}, still out
 * of service). Instance {@code i} gets update domain {@code i % updateDomains}, fault domain
 * {@code i % faultDomains} and zone {@code zones[i % zones.size()]}. {@code healthExtension}: the model has an
 * Application Health extension, so instance views report {@code vmHealth}; without it (and without a load-balancer
 * probe, which the simulator does not model) nothing reports an instance's health, as in Azure.
 */
public record ScaleSetSpec(
    int capacity,
    UpgradeMode upgradePolicy,
    OsImage image,
    long upgradeMillis,
    long bootMillis,
    int updateDomains,
    int faultDomains,
    List<String> zones,
    String location,
    String vmSize,
    boolean healthExtension,
    Map<String, String> tags) {

    public static final String DEFAULT_LOCATION = "westeurope";
    public static final String DEFAULT_VM_SIZE = "Standard_D2s_v3";

    public ScaleSetSpec {
        Objects.requireNonNull(upgradePolicy, "upgradePolicy");
        Objects.requireNonNull(image, "image");
        zones = zones == null ? List.of() : List.copyOf(zones);
        tags = tags == null ? Map.of() : Map.copyOf(tags);
        location = location == null || location.isBlank() ? DEFAULT_LOCATION : location;
        vmSize = vmSize == null || vmSize.isBlank() ? DEFAULT_VM_SIZE : vmSize;
        requireAtLeast(capacity, 0, "capacity");
        requireAtLeast(upgradeMillis, 0, "upgradeMillis");
        requireAtLeast(bootMillis, 0, "bootMillis");
        requireAtLeast(updateDomains, 1, "updateDomains");
        requireAtLeast(faultDomains, 1, "faultDomains");
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void requireAtLeast(long value, long minimum, String field) {
        if (value < minimum) {
            throw new IllegalArgumentException(field + " must be at least " + minimum + ", was " + value);
        }
    }

    public static final class Builder {
        private int capacity = 20;
        private UpgradeMode upgradePolicy = UpgradeMode.MANUAL;
        private OsImage image;
        private long upgradeMillis = 2000;
        private long bootMillis = 1000;
        private int updateDomains = 5;
        private int faultDomains = 5;
        private List<String> zones = List.of();
        private String location;
        private String vmSize;
        private boolean healthExtension = true;
        private Map<String, String> tags = Map.of();

        private Builder() {
        }

        public Builder capacity(int capacity) {
            this.capacity = capacity;
            return this;
        }

        public Builder upgradePolicy(UpgradeMode upgradePolicy) {
            this.upgradePolicy = upgradePolicy;
            return this;
        }

        public Builder image(OsImage image) {
            this.image = image;
            return this;
        }

        public Builder upgradeMillis(long upgradeMillis) {
            this.upgradeMillis = upgradeMillis;
            return this;
        }

        public Builder bootMillis(long bootMillis) {
            this.bootMillis = bootMillis;
            return this;
        }

        public Builder updateDomains(int updateDomains) {
            this.updateDomains = updateDomains;
            return this;
        }

        public Builder faultDomains(int faultDomains) {
            this.faultDomains = faultDomains;
            return this;
        }

        public Builder zones(List<String> zones) {
            this.zones = zones;
            return this;
        }

        public Builder location(String location) {
            this.location = location;
            return this;
        }

        public Builder vmSize(String vmSize) {
            this.vmSize = vmSize;
            return this;
        }

        public Builder healthExtension(boolean present) {
            this.healthExtension = present;
            return this;
        }

        /** ARM resource tags, e.g. {@code env=prod}: what a release's stage may select scale sets by. */
        public Builder tags(Map<String, String> tags) {
            this.tags = tags;
            return this;
        }

        public ScaleSetSpec build() {
            return new ScaleSetSpec(capacity, upgradePolicy, image, upgradeMillis, bootMillis,
                updateDomains, faultDomains, zones, location, vmSize, healthExtension, tags);
        }
    }
}
