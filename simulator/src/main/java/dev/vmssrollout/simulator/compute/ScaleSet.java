package dev.vmssrollout.simulator.compute;

import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.UpgradeMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.time.Instant;
import java.util.stream.Collectors;

/**
 * One simulated scale set: its model, its instances and the upgrades running on them. All state changes happen
 * under this object's lock, timers included, so every transition is seen by the report in order.
 */
public final class ScaleSet {
    public static final String MANUAL_UPGRADE = "ManualUpgrade";
    public static final String REIMAGE = "Reimage";
    /** Compute's limit for a Uniform scale set on platform or gallery images. */
    static final int MAX_CAPACITY = 1000;

    private final ScaleSetKey key;
    private final ScaleSetSetup setup;
    private final ScaleSetContext context;
    private final Map<String, Instance> instances = new LinkedHashMap<>();
    private final ScaleSetStats stats;
    private final InstanceUpdater updater;
    private ScaleSetModel model;
    /** Bumped by every accepted model update; the resource's ETag. Not persisted: a restarted simulator starts anew. */
    private Faults faults;
    private Random random;
    private RollingUpgrade rollingUpgrade;
    private RollingUpgradeState lastRollingUpgrade;
    private boolean retired;
    private long modelVersion;
    private int nextInstanceId;
    private Map<String, String> tags;

    ScaleSet(ScaleSetKey key, ScaleSetSetup setup, ScaleSetModel model, Faults faults, List<InstanceState> states,
             ScaleSetStats stats, ScaleSetContext context, long modelVersion, int nextInstanceId,
             Map<String, String> tags) {
        this.key = key;
        this.tags = tags == null ? Map.of() : Map.copyOf(tags);
        this.modelVersion = modelVersion;
        this.nextInstanceId = nextInstanceId;
        this.setup = setup;
        this.model = model;
        this.context = context;
        this.stats = stats;
        this.updater = new InstanceUpdater(this, stats, context.timers(), setup);
        states.forEach(state -> instances.put(state.instanceId(), new Instance(state)));
        applyFaults(faults);
    }

    public ScaleSetKey key() {
        return key;
    }

    /** ARM resource tags; changing them changes no instance's model. */
    public synchronized Map<String, String> tags() {
        return tags;
    }

    public synchronized void replaceTags(Map<String, String> tags) {
        this.tags = Map.copyOf(tags);
    }

    public ScaleSetSetup setup() {
        return setup;
    }

    public ScaleSetStats stats() {
        return stats;
    }

    public synchronized ScaleSetModel model() {
        return model;
    }

    /** The model's ETag as Compute writes it: a quoted counter that every accepted model change increments. */
    public synchronized String etag() {
        return "\"" + modelVersion + "\"";
    }

    public synchronized List<InstanceState> instances() {
        return instances.values().stream().map(Instance::state).toList();
    }

    public synchronized Optional<InstanceState> instance(String instanceId) {
        return Optional.ofNullable(instances.get(instanceId)).map(Instance::state);
    }

    public synchronized Faults faults() {
        return faults;
    }

    public synchronized void setFaults(Faults newFaults) {
        applyFaults(newFaults);
        changed();
    }

    /**
     * The application on every running instance now reports {@code health} to its health probe, as one that degrades
     * after it booted (a leak, a lost dependency) does; a later boot reports what the faults say.
     *
     * @return how many instances changed
     */
    public synchronized int reportHealth(Health health) {
        List<Instance> reporting = instances.values().stream().filter(vm -> vm.wouldReport(health)).toList();
        reporting.forEach(vm -> updater.transition(vm, () -> vm.reportHealth(health)));
        changed();
        return reporting.size();
    }

    /** The next draw of the seeded fault dice. */
    public synchronized double nextRandom() {
        return random.nextDouble();
    }

    public ScaleSetReport report() {
        return stats.report();
    }

    public void resetReport() {
        stats.reset();
        changed();
    }

    public synchronized Optional<RollingUpgradeState> latestRollingUpgrade() {
        return rollingUpgrade != null ? Optional.of(rollingUpgrade.state()) : Optional.ofNullable(lastRollingUpgrade);
    }

    /**
     * Replaces the model (PUT or PATCH) and returns the operation {@code operationName} that reports it, refusing
     * with 412 when {@code ifMatch} (null: no condition) is not the current ETag. An image change marks every
     * instance outdated; Automatic mode then upgrades all outdated instances at once, Rolling mode starts a rolling
     * upgrade. An image change to one of the faults' {@code failingModelImages} passes the checks but is not
     * applied: its operation has failed, and the model keeps its image. A capacity change scales out (new VMs on the
     * new model, the operation ends once they run) or in (VMs deleted at once); it alone may happen while instances
     * are being upgraded, as Compute lets a scale set scale during a manual upgrade.
     */
    public synchronized AsyncOperation replaceModel(ScaleSetModel next, String operationName, String ifMatch) {
        requireEtag(ifMatch);
        if (next.capacity() < 0 || next.capacity() > MAX_CAPACITY) {
            throw new ArmException(400, "InvalidParameter", "The value " + next.capacity() + " of parameter "
                + "'sku.capacity' is out of range. The value must be between 0 and " + MAX_CAPACITY + ", inclusive.",
                "sku.capacity");
        }
        boolean capacityOnly = next.withSku(next.vmSize(), next.skuTier(), model.capacity()).equals(model);
        if (!capacityOnly) {
            requireNoUpgradeRunning("update the model of");
        }
        boolean imageChanged = !next.image().equals(model.image());
        if (imageChanged && faults.modelUpdateFails(next.image())) {
            return context.operations().failed(operationName, key, new ArmError("ModelUpdateFailed", "The update of "
                + "virtual machine scale set '" + key.name() + "' to image " + next.image().label()
                + " failed; the model keeps image " + model.image().label() + " (simulated fault)."));
        }
        model = next;
        modelVersion++;
        if (imageChanged) {
            instances.values().forEach(Instance::markOutdated);
        }
        AsyncOperation operation = context.operations().start(operationName, key);
        resize(next.capacity(), operation);
        if (model.upgradeMode() == UpgradeMode.AUTOMATIC) {
            List<Instance> outdated = instances.values().stream()
                .filter(vm -> !vm.latestModelApplied() && !vm.isUpdating()).toList();
            beginUpdates(outdated, true, new UpgradeBatch(ids(outdated), UpgradeBatch::none, UpgradeBatch::none));
        } else if (model.upgradeMode() == UpgradeMode.ROLLING && imageChanged) {
            startRolling();
        }
        changed();
        return operation;
    }

    /** The admin endpoint's scale-out or scale-in: the same as a PATCH of {@code sku.capacity}, without ETag check. */
    public synchronized AsyncOperation scaleTo(int capacity) {
        return replaceModel(model.withSku(model.vmSize(), model.skuTier(), capacity), "AdminScale", null);
    }

    public synchronized AsyncOperation manualUpgrade(List<String> instanceIds) {
        if (instanceIds == null || instanceIds.isEmpty()) {
            throw ArmException.invalidParameter("Required parameter 'instanceIds' is missing or empty.");
        }
        List<Instance> listed = resolve(instanceIds);
        requireNoRollingUpgrade("manualupgrade");
        requireNotUpdating(listed);
        List<Instance> outdated = listed.stream().filter(vm -> !vm.latestModelApplied()).toList();
        return startOperation(MANUAL_UPGRADE, listed, outdated, true);
    }

    /** Reimages the listed instances, or all when none are listed, onto the image each already runs. */
    public synchronized AsyncOperation reimage(List<String> instanceIds) {
        List<Instance> listed = instanceIds == null || instanceIds.isEmpty()
            ? List.copyOf(instances.values()) : resolve(instanceIds);
        requireNoRollingUpgrade("reimage");
        requireNotUpdating(listed);
        return startOperation(REIMAGE, listed, listed, false);
    }

    public synchronized AsyncOperation startRollingUpgrade() {
        requireNoUpgradeRunning("start a rolling upgrade on");
        return startRolling().operation();
    }

    public synchronized AsyncOperation cancelRollingUpgrade() {
        if (rollingUpgrade == null) {
            throw ArmException.conflict("There is no ongoing rolling upgrade to cancel on virtual machine scale set '"
                + key.name() + "'.");
        }
        AsyncOperation cancellation = context.operations().start(RollingUpgrade.CANCEL_OPERATION_NAME, key);
        rollingUpgrade.cancel(cancellation);
        changed();
        return cancellation;
    }

    /** Stops timers of a scale set that was replaced or deleted, and ends its running operations. */
    public synchronized void retire() {
        retired = true;
        if (rollingUpgrade != null) {
            rollingUpgrade.abandon();
        }
    }

    public synchronized ScaleSetSnapshot snapshot() {
        return new ScaleSetSnapshot(key, setup, model, faults, instances(), stats.snapshot(),
            latestRollingUpgrade().orElse(null), modelVersion, nextInstanceId, tags);
    }

    /** Ids of instances whose last upgrade failed, for settling operations a restart interrupted. */
    public synchronized Set<String> failedInstanceIds() {
        return instances.values().stream()
            .filter(vm -> vm.state().provisioningState() == ProvisioningState.FAILED)
            .map(Instance::instanceId)
            .collect(Collectors.toSet());
    }

    // ---- used by RollingUpgrade, always under this lock ----

    synchronized void locked(Runnable action) {
        if (!retired) {
            action.run();
        }
    }

    List<Instance> outdatedByUpdateDomain() {
        return instances.values().stream()
            .filter(vm -> !vm.latestModelApplied())
            .sorted(Comparator.comparingInt((Instance vm) -> vm.state().updateDomain())
                .thenComparingInt(vm -> Integer.parseInt(vm.instanceId())))
            .toList();
    }

    int capacity() {
        return instances.size();
    }

    Timers timers() {
        return context.timers();
    }

    synchronized void restoreLastRollingUpgrade(RollingUpgradeState state) {
        lastRollingUpgrade = state;
    }

    void rollingUpgradeEnded(RollingUpgrade finished) {
        lastRollingUpgrade = finished.state();
        rollingUpgrade = null;
        changed();
    }

    void beginUpdates(List<Instance> targets, boolean applyModel, UpgradeBatch batch) {
        updater.begin(targets, applyModel, batch);
    }

    boolean isRetired() {
        return retired;
    }

    void changed() {
        context.onChange().run();
    }

    private AsyncOperation startOperation(String name, List<Instance> listed, List<Instance> toUpdate,
                                          boolean applyModel) {
        AsyncOperation operation = context.operations().start(name, key, ids(listed));
        beginUpdates(toUpdate, applyModel, new UpgradeBatch(ids(toUpdate), batch -> {
            if (batch.failed().isEmpty()) {
                operation.succeed();
            } else {
                operation.fail(UpgradeBatch.failureOf(batch.failed()));
            }
        }, UpgradeBatch::none));
        changed();
        return operation;
    }

    private void requireEtag(String ifMatch) {
        if (ifMatch == null || ifMatch.trim().equals("*")) {
            return;
        }
        String current = etag();
        boolean matches = java.util.Arrays.stream(ifMatch.split(","))
            .map(String::trim)
            .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
            .anyMatch(current::equals);
        if (!matches) {
            throw new ArmException(412, "PreconditionFailed", "Etag provided in if-match header " + ifMatch.trim()
                + " does not match etag " + current + " of resource.");
        }
    }

    /** Adds VMs up to {@code target} or deletes the default scale-in policy's choice down to it. */
    private void resize(int target, AsyncOperation operation) {
        int current = instances.size();
        if (target > current) {
            List<Instance> created = new ArrayList<>();
            for (int i = current; i < target; i++) {
                InstancePlacement.Slot slot = InstancePlacement.nextSlot(instances(), setup);
                String id = String.valueOf(nextInstanceId++);
                Instance vm = new Instance(new InstanceState(id, UUID.randomUUID().toString(), slot.updateDomain(),
                    slot.faultDomain(), slot.zone(), model.image(), true, ProvisioningState.CREATING,
                    PowerState.STARTING, Health.UNKNOWN, null, Instant.now()));
                instances.put(id, vm);
                stats.instanceAdded(id);
                created.add(vm);
            }
            updater.create(created, new UpgradeBatch(ids(created), UpgradeBatch::none, batch -> {
                if (batch.failed().isEmpty()) {
                    operation.succeed();
                } else {
                    operation.fail(new ArmError("VMProvisioningFailed", "Instance(s) "
                        + String.join(", ", batch.failed()) + " failed to provision (simulated fault)."));
                }
            }));
            return;
        }
        for (String id : InstancePlacement.scaleInVictims(instances(), current - target)) {
            Instance vm = instances.remove(id);
            vm.delete();
            stats.instanceRemoved(vm.inService());
        }
        operation.succeed();
    }

    private RollingUpgrade startRolling() {
        RollingUpgrade started = new RollingUpgrade(this, model.rollingUpgradePolicy(),
            context.operations().start(RollingUpgrade.OPERATION_NAME, key));
        rollingUpgrade = started;
        started.start(); // ends at once, clearing rollingUpgrade, when nothing is outdated
        return started;
    }

    /** The listed instances; {@code ["*"]} lists every one, as Compute reads it. */
    private List<Instance> resolve(Collection<String> instanceIds) {
        if (instanceIds.size() == 1 && "*".equals(instanceIds.iterator().next())) {
            return List.copyOf(instances.values());
        }
        return UpgradeConflicts.resolve(instances, instanceIds, key.name());
    }

    private void requireNoUpgradeRunning(String action) {
        requireNoRollingUpgrade(action);
        requireNotUpdating(instances.values());
    }

    private void requireNoRollingUpgrade(String action) {
        UpgradeConflicts.requireNoRollingUpgrade(rollingUpgrade != null, action, key.name());
    }

    private void requireNotUpdating(Collection<Instance> candidates) {
        UpgradeConflicts.requireNoneUpdating(candidates, key.name());
    }

    private void applyFaults(Faults newFaults) {
        faults = newFaults;
        random = new Random(newFaults.seed());
    }

    private static List<String> ids(List<Instance> list) {
        List<String> ids = new ArrayList<>(list.size());
        list.forEach(vm -> ids.add(vm.instanceId()));
        return ids;
    }
}
