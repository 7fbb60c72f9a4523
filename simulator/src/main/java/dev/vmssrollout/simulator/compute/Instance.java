package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.OsImage;

import java.time.Instant;

/**
 * One VM of a scale set. Mutated only by its {@link ScaleSet}, under the scale set's lock:
 * running -> (upgrade) stopped/updating -> (upgraded) starting -> (booted) running, healthy or not.
 */
final class Instance {
    private final String instanceId;
    private final String vmId;
    private final int updateDomain;
    private final int faultDomain;
    private final String zone;
    private OsImage image;
    private boolean latestModelApplied;
    private ProvisioningState provisioningState;
    private PowerState powerState;
    private Health health;
    private OsImage upgradeTarget;
    private Instant lastChange;
    private boolean deleted;

    Instance(InstanceState state) {
        this.instanceId = state.instanceId();
        this.vmId = state.vmId();
        this.updateDomain = state.updateDomain();
        this.faultDomain = state.faultDomain();
        this.zone = state.zone();
        this.image = state.image();
        this.latestModelApplied = state.latestModelApplied();
        this.provisioningState = state.provisioningState();
        this.powerState = state.powerState();
        this.health = state.health();
        this.upgradeTarget = state.upgradeTarget();
        this.lastChange = state.lastChange();
    }

    String instanceId() {
        return instanceId;
    }

    int updateDomain() {
        return updateDomain;
    }

    int faultDomain() {
        return faultDomain;
    }

    String zone() {
        return zone;
    }

    OsImage image() {
        return image;
    }

    OsImage upgradeTarget() {
        return upgradeTarget;
    }

    boolean latestModelApplied() {
        return latestModelApplied;
    }

    /** Being upgraded, reimaged or created: no other operation may start on it. */
    boolean isUpdating() {
        return provisioningState == ProvisioningState.UPDATING || provisioningState == ProvisioningState.CREATING;
    }

    boolean isCreating() {
        return provisioningState == ProvisioningState.CREATING;
    }

    /** Removed by a scale-in; timers still holding it must leave the scale set alone. */
    boolean isDeleted() {
        return deleted;
    }

    void delete() {
        deleted = true;
    }

    boolean isBooting() {
        return powerState == PowerState.STARTING;
    }

    Health health() {
        return health;
    }

    boolean inService() {
        return state().inService();
    }

    void markOutdated() {
        latestModelApplied = false;
    }

    void startUpdating(OsImage target) {
        upgradeTarget = target;
        provisioningState = ProvisioningState.UPDATING;
        powerState = PowerState.STOPPED;
        health = Health.UNKNOWN;
        lastChange = Instant.now();
    }

    /** Ends the update phase: on success the instance now holds the target image, either way it boots. */
    void finishUpdating(boolean succeeded, OsImage modelImage) {
        if (succeeded) {
            image = upgradeTarget;
            latestModelApplied = image.equals(modelImage);
        }
        upgradeTarget = null;
        provisioningState = succeeded ? ProvisioningState.SUCCEEDED : ProvisioningState.FAILED;
        powerState = PowerState.STARTING;
        lastChange = Instant.now();
    }

    /** The end of a scale-out's creation: provisioned on the model's image, now booting. */
    void finishCreating(boolean succeeded) {
        provisioningState = succeeded ? ProvisioningState.SUCCEEDED : ProvisioningState.FAILED;
        lastChange = Instant.now();
    }

    void finishBooting(Health bootedHealth) {
        powerState = PowerState.RUNNING;
        health = bootedHealth;
        lastChange = Instant.now();
    }

    /** Whether its application would now report {@code reported}: it runs (not booting or updating) and says else. */
    boolean wouldReport(Health reported) {
        return powerState == PowerState.RUNNING && !isUpdating() && health != reported;
    }

    /** Its application starts (or stops) failing its health probe. */
    void reportHealth(Health reported) {
        health = reported;
        lastChange = Instant.now();
    }

    InstanceState state() {
        return new InstanceState(instanceId, vmId, updateDomain, faultDomain, zone, image, latestModelApplied,
            provisioningState, powerState, health, upgradeTarget, lastChange);
    }
}
