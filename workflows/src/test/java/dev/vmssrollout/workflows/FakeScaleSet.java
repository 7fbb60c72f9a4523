package dev.vmssrollout.workflows;

import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.WavePlanner;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * A tiny scale set in memory, standing in for Azure: instances with update and fault domains, an
 * image each, and a model. Like Azure, an Automatic or Rolling policy makes it upgrade every
 * instance off the model at once, which the tests must never see. Built with {@link #aScaleSet()}.
 */
final class FakeScaleSet implements ScaleSetActivities {

    static final ScaleSetRef REF = new ScaleSetRef("00000000-0000-0000-0000-000000000000", "demo-rg", "web");
    static final Image OLD = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final Image NEW = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202410010");

    /** One upgrade call as Azure saw it: which instances, to which image. */
    record UpgradeCall(List<String> instanceIds, Image image) {
    }

    private static final class Vm {
        final String id;
        final int updateDomain;
        /** What the instance runs: an exact version, never "latest". */
        Image image;
        boolean outOfService;
        /** The model generation last applied to it; 0 means "as built": current when it runs the model's image. */
        int generation;

        Vm(String id, int updateDomain, Image image) {
            this.id = id;
            this.updateDomain = updateDomain;
            this.image = image;
        }
    }

    private final Map<String, Vm> vms = new TreeMap<>(WavePlanner.BY_INSTANCE_ID);
    private Image model = OLD;
    /** Bumped by every change of the model's image, as Azure marks every instance off the latest model then. */
    private int modelGeneration;
    /** What a floating model ("latest", a gallery image without a version) resolves to when an instance is upgraded. */
    private String latestVersion;
    private final Set<String> failingEveryUpgrade = new HashSet<>();
    private final List<Image> outsideModelChanges = new ArrayList<>();
    private final List<String> deleted = new ArrayList<>();
    private String policy = "Manual";
    private String conflictingOperation;
    private Image unhealthyImage;
    private Set<String> unhealthyOnly = Set.of();
    private final Map<String, Integer> upgradeFailures = new LinkedHashMap<>();
    private final List<Consumer<List<String>>> beforeUpgrade = new ArrayList<>();
    private final Set<String> stuck = new HashSet<>();
    private boolean healthyWavesBringCensus;
    private int vmLists;
    private int modelChecks;

    private final Map<String, Integer> upgradeCounts = new TreeMap<>(WavePlanner.BY_INSTANCE_ID);
    private final List<UpgradeCall> upgradeCalls = new ArrayList<>();
    private final List<String> policyChanges = new ArrayList<>();
    private final List<Image> modelChanges = new ArrayList<>();
    private int mostOutOfService;
    private int mostUpdateDomainsOutOfService;

    private FakeScaleSet() {
        withInstances(20).inUpdateDomains(5);
    }

    /** 20 instances over update domains 0-4, on {@link #OLD}, upgrade policy Manual. */
    static FakeScaleSet aScaleSet() {
        return new FakeScaleSet();
    }

    // ---- building ----

    synchronized FakeScaleSet withInstances(int count) {
        vms.clear();
        for (int i = 0; i < count; i++) {
            vms.put(String.valueOf(i), new Vm(String.valueOf(i), 0, model));
        }
        return this;
    }

    /** Instance i goes to update domain i % domains, as Azure spreads them. */
    synchronized FakeScaleSet inUpdateDomains(int domains) {
        List<Vm> all = new ArrayList<>(vms.values());
        vms.clear();
        for (Vm vm : all) {
            vms.put(vm.id, new Vm(vm.id, Integer.parseInt(vm.id) % domains, vm.image));
        }
        return this;
    }

    synchronized FakeScaleSet withPolicy(String mode) {
        policy = mode;
        return this;
    }

    /**
     * Azure never gets on with an upgrade of these instances (a 409 that does not clear, 5xx for good): the
     * activity keeps heartbeating and leaves them untouched until Temporal cancels it.
     */
    synchronized FakeScaleSet stuckUpgrading(String... instanceIds) {
        stuck.addAll(List.of(instanceIds));
        return this;
    }

    synchronized FakeScaleSet withConflictingOperation(String operation) {
        conflictingOperation = operation;
        return this;
    }

    /** The model and the given instances (all when none are given) run {@code image}. */
    synchronized FakeScaleSet running(Image image, String... instanceIds) {
        if (instanceIds.length == 0) {
            model = image;
            vms.values().forEach(vm -> vm.image = image);
        } else {
            for (String id : instanceIds) {
                vms.get(id).image = image;
            }
        }
        return this;
    }

    synchronized FakeScaleSet withModel(Image image) {
        model = image;
        return this;
    }

    /** Instances running {@code image} report unhealthy; only the given ones when any are given. */
    synchronized FakeScaleSet unhealthyOn(Image image, String... onlyInstances) {
        unhealthyImage = image;
        unhealthyOnly = Set.of(onlyInstances);
        return this;
    }

    /** The next {@code times} upgrade calls that include the instance fail, upgrading nothing. */
    synchronized FakeScaleSet failingUpgradeOf(String instanceId, int times) {
        upgradeFailures.put(instanceId, times);
        return this;
    }

    /**
     * Every upgrade that includes the instance fails for it alone, as Azure reports one instance's
     * OS provisioning failure: the others in the call are upgraded, it keeps its image, and the call fails.
     */
    synchronized FakeScaleSet failingEveryUpgradeOf(String instanceId) {
        failingEveryUpgrade.add(instanceId);
        return this;
    }

    /** A floating model ("latest") resolves to this version when an instance is upgraded. */
    synchronized FakeScaleSet withLatestVersion(String version) {
        latestVersion = version;
        return this;
    }

    // ---- someone else, while a rollout runs ----

    /** Someone else puts {@code image} into the model (the portal, a pipeline, Terraform). */
    synchronized void changeModelOutside(Image image) {
        model = image;
        modelGeneration++;
        outsideModelChanges.add(image);
    }

    /** Autoscale or a person adds instances; they come up on the model, in update domain id % 5. */
    synchronized List<String> scaleOut(int count) {
        List<String> added = new ArrayList<>();
        int next = vms.keySet().stream().mapToInt(Integer::parseInt).max().orElse(-1) + 1 + deleted.size();
        for (int i = 0; i < count; i++) {
            String id = String.valueOf(next + i);
            Vm vm = new Vm(id, (next + i) % 5, resolved(model));
            vm.generation = modelGeneration;
            vms.put(id, vm);
            added.add(id);
        }
        return added;
    }

    /** Autoscale or a person deletes instances. */
    synchronized void delete(String... instanceIds) {
        for (String id : instanceIds) {
            vms.remove(id);
            deleted.add(id);
        }
    }

    /** A healthy wave's result carries every instance, as the worker's last health poll listed them. */
    synchronized FakeScaleSet healthyWavesBringCensus() {
        healthyWavesBringCensus = true;
        return this;
    }

    /** VM lists made: listInstances calls, and health waits that brought a census. */
    synchronized int vmLists() {
        return vmLists;
    }

    /** Drift checks that read the model (readModelImage calls). */
    synchronized int modelChecks() {
        return modelChecks;
    }

    /** Runs before each upgrade call, with its instance IDs: how tests act while a wave is in flight. */
    synchronized FakeScaleSet beforeEachUpgrade(Consumer<List<String>> action) {
        beforeUpgrade.add(action);
        return this;
    }

    // ---- ScaleSetActivities ----

    @Override
    public synchronized ScaleSetModel readModel(ScaleSetRef scaleSet) {
        return new ScaleSetModel(scaleSet, model, policy, vms.size(), "Succeeded", conflictingOperation,
                "Application Health extension");
    }

    @Override
    public synchronized Image readModelImage(ScaleSetRef scaleSet) {
        modelChecks++;
        return model;
    }

    @Override
    public synchronized List<Instance> listInstances(ScaleSetRef scaleSet) {
        vmLists++;
        return everyInstance();
    }

    private List<Instance> everyInstance() {
        return vms.values().stream().map(vm -> new Instance(vm.id, vm.updateDomain, vm.updateDomain, null, vm.image,
                latest(vm), Instance.PowerState.RUNNING, false,
                unhealthy(vm) ? Instance.Health.UNHEALTHY : Instance.Health.HEALTHY)).toList();
    }

    @Override
    public synchronized boolean updateModelImage(ScaleSetRef scaleSet, Image image) {
        if (model.sameAs(image)) {
            return false;
        }
        model = image;
        modelGeneration++;
        modelChanges.add(image);
        if (UpgradePolicies.appliesModelItself(policy)) {
            upgradeEverythingAtOnce();
        }
        return true;
    }

    @Override
    public synchronized boolean patchModelImage(ScaleSetRef scaleSet, Image expected, Image image, String etag) {
        if (model.sameAs(image)) {
            return false;
        }
        if (expected != null && !expected.sameAs(model) && !expected.fulfils(model)) {
            throw ApplicationFailure.newNonRetryableFailure("someone else changed the model: it holds " + model
                    + ", not " + expected, RolloutFailure.MODEL_CHANGED.name());
        }
        return updateModelImage(scaleSet, image);
    }

    @Override
    public synchronized void setUpgradePolicy(ScaleSetRef scaleSet, String mode) {
        if (mode.equalsIgnoreCase(policy)) {
            return;
        }
        policy = mode;
        policyChanges.add(mode);
        if (UpgradePolicies.appliesModelItself(mode)) {
            upgradeEverythingAtOnce();
        }
    }

    @Override
    public void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
        List<Consumer<List<String>>> actions;
        synchronized (this) {
            actions = List.copyOf(beforeUpgrade);
        }
        // Outside the lock: an action may signal the workflow, whose handlers call no activity of ours.
        actions.forEach(action -> action.accept(instanceIds));
        boolean stuckWave;
        synchronized (this) {
            stuckWave = instanceIds.stream().anyMatch(stuck::contains);
        }
        if (stuckWave) {
            heartbeatUntilCancelled();
        }
        synchronized (this) {
            List<String> unknown = instanceIds.stream().filter(id -> !vms.containsKey(id)).toList();
            if (!unknown.isEmpty()) {
                throw ApplicationFailure.newNonRetryableFailure("scale set " + scaleSet + " has no instance "
                        + String.join(", ", unknown), RolloutFailure.INVALID_REQUEST.name());
            }
            for (String id : instanceIds) {
                Integer failures = upgradeFailures.get(id);
                if (failures != null && failures > 0) {
                    upgradeFailures.put(id, failures - 1);
                    throw ApplicationFailure.newNonRetryableFailure(
                            "manualupgrade of instance " + id + " failed: OSProvisioningTimedOut",
                            RolloutFailure.UPGRADE_FAILED.name());
                }
            }
            upgradeCalls.add(new UpgradeCall(List.copyOf(instanceIds), model));
            List<String> failed = new ArrayList<>();
            for (String id : instanceIds) {
                Vm vm = vms.get(id);
                if (failingEveryUpgrade.contains(id)) {
                    failed.add(id);
                    continue;
                }
                if (!latest(vm)) {
                    upgrade(vm);
                }
                vm.outOfService = true;
            }
            countOutOfService();
            if (!failed.isEmpty()) {
                throw ApplicationFailure.newNonRetryableFailure("manualupgrade of instance " + String.join(", ", failed)
                        + " failed: OSProvisioningTimedOut", RolloutFailure.UPGRADE_FAILED.name());
            }
        }
    }

    /** Lets the activities of a stuck wave end (as failed attempts), so a test's worker shuts down at once. */
    synchronized void unstick() {
        stuck.clear();
    }

    private synchronized boolean anyStuck() {
        return !stuck.isEmpty();
    }

    /** Ends as a cancelled activity does: by the exception its heartbeat throws (or when the test unsticks it). */
    private void heartbeatUntilCancelled() {
        ActivityExecutionContext context = Activity.getExecutionContext();
        while (anyStuck()) {
            context.heartbeat("still waiting on Azure");
            try {
                Thread.sleep(20);
            } catch (InterruptedException shutdown) {
                Thread.currentThread().interrupt();
                throw ApplicationFailure.newFailure("worker shutting down", RolloutFailure.TRANSIENT.name());
            }
        }
        throw ApplicationFailure.newFailure("the test is over", RolloutFailure.TRANSIENT.name());
    }

    @Override
    public synchronized WaveHealth awaitWaveHealthy(ScaleSetRef scaleSet, List<String> instanceIds, HealthPolicy health,
                                                    Instant deadline) {
        Map<String, InstanceState> states = new LinkedHashMap<>();
        List<String> unhealthy = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String id : instanceIds) {
            Vm vm = vms.get(id);
            if (vm == null) {
                missing.add(id); // as the worker's health wait counts an instance that is gone
                states.put(id, InstanceState.FAILED);
                continue;
            }
            if (unhealthy(vm)) {
                unhealthy.add(id);
                states.put(id, InstanceState.UNHEALTHY);
            } else {
                vm.outOfService = false;
                states.put(id, InstanceState.HEALTHY);
            }
        }
        unhealthy.addAll(missing);
        if (unhealthy.size() > health.toleratedUnhealthy(instanceIds.size())) {
            return new WaveHealth(WaveHealth.Outcome.UNHEALTHY, states,
                    unhealthy.size() + " of " + instanceIds.size() + " instances unhealthy: " + String.join(", ", unhealthy));
        }
        WaveHealth healthy = new WaveHealth(WaveHealth.Outcome.HEALTHY, states, null);
        if (!healthyWavesBringCensus) {
            return healthy;
        }
        vmLists++;
        return healthy.withCensus(everyInstance());
    }

    private boolean unhealthy(Vm vm) {
        return unhealthyImage != null && unhealthyImage.sameAs(vm.image)
                && (unhealthyOnly.isEmpty() || unhealthyOnly.contains(vm.id));
    }

    /** Azure's latestModelApplied: upgraded since the model last changed (or built on its image). */
    private boolean latest(Vm vm) {
        return vm.generation == modelGeneration && (vm.generation > 0 || model.sameAs(vm.image));
    }

    private void upgrade(Vm vm) {
        vm.image = resolved(model);
        vm.generation = modelGeneration;
        upgradeCounts.merge(vm.id, 1, Integer::sum);
    }

    private Image resolved(Image image) {
        return image.isFloating() && latestVersion != null ? image.pinnedTo(latestVersion) : image;
    }

    private void upgradeEverythingAtOnce() {
        for (Vm vm : vms.values()) {
            if (!latest(vm)) {
                upgrade(vm);
                vm.outOfService = true;
            }
        }
        countOutOfService();
        vms.values().forEach(vm -> vm.outOfService = false);
    }

    private void countOutOfService() {
        List<Vm> out = vms.values().stream().filter(vm -> vm.outOfService).toList();
        Set<Integer> domains = new HashSet<>();
        out.forEach(vm -> domains.add(vm.updateDomain));
        mostOutOfService = Math.max(mostOutOfService, out.size());
        mostUpdateDomainsOutOfService = Math.max(mostUpdateDomainsOutOfService, domains.size());
    }

    // ---- what happened ----

    synchronized Map<String, Integer> upgradeCounts() {
        return Map.copyOf(upgradeCounts);
    }

    synchronized List<UpgradeCall> upgradeCalls() {
        return List.copyOf(upgradeCalls);
    }

    synchronized List<String> policyChanges() {
        return List.copyOf(policyChanges);
    }

    synchronized List<String> instanceIds() {
        return List.copyOf(vms.keySet());
    }

    synchronized boolean latestModelApplied(String instanceId) {
        return latest(vms.get(instanceId));
    }

    synchronized List<Image> modelChanges() {
        return List.copyOf(modelChanges);
    }

    synchronized String policy() {
        return policy;
    }

    synchronized Image model() {
        return model;
    }

    synchronized Image imageOf(String instanceId) {
        return vms.get(instanceId).image;
    }

    synchronized List<String> instancesInUpdateDomain(int domain) {
        return vms.values().stream().filter(vm -> vm.updateDomain == domain).map(vm -> vm.id).toList();
    }

    /** The most instances out of service at any moment (upgrading, or upgraded and not yet healthy). */
    synchronized int mostOutOfService() {
        return mostOutOfService;
    }

    synchronized int mostUpdateDomainsOutOfService() {
        return mostUpdateDomainsOutOfService;
    }

    int size() {
        return vms.size();
    }
}
