package dev.vmssrollout.simulator;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

/** One simulated scale set plus the SDK calls the tests make on it. */
final class ScaleSetFixture {
    static final String RESOURCE_GROUP = "demo-rg";
    static final OsImage UBUNTU_2409 = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final String NEXT_VERSION = "24.04.202410010";

    final Simulator simulator;
    final ComputeManager compute;
    final ScaleSetKey key;

    private ScaleSetFixture(Simulator simulator, ComputeManager compute, ScaleSetKey key) {
        this.simulator = simulator;
        this.compute = compute;
        this.key = key;
    }

    /** A fast 20-instance scale set: upgrades take 150 ms, boots 100 ms. */
    static ScaleSetFixture create(Simulator simulator, ComputeManager compute, String name, UpgradeMode mode) {
        return create(simulator, compute, name, fastSpec().upgradePolicy(mode).build());
    }

    static ScaleSetFixture create(Simulator simulator, ComputeManager compute, String name, ScaleSetSpec spec) {
        ScaleSetKey key = ScaleSetKey.of(SdkClients.SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, spec);
        return new ScaleSetFixture(simulator, compute, key);
    }

    static ScaleSetSpec.Builder fastSpec() {
        return ScaleSetSpec.builder().capacity(20).image(UBUNTU_2409).upgradeMillis(150).bootMillis(100);
    }

    VirtualMachineScaleSetInner model() {
        return compute.serviceClient().getVirtualMachineScaleSets().getByResourceGroup(RESOURCE_GROUP, key.name());
    }

    /** GET the model, change its image reference, PUT it back: steps 1-3 of the Azure procedure. */
    VirtualMachineScaleSetInner putImage(java.util.function.Consumer<ImageReference> change) {
        VirtualMachineScaleSetInner model = model();
        change.accept(model.virtualMachineProfile().storageProfile().imageReference());
        return compute.serviceClient().getVirtualMachineScaleSets()
            .createOrUpdate(RESOURCE_GROUP, key.name(), model);
    }

    void manualUpgrade(List<String> instanceIds) {
        compute.serviceClient().getVirtualMachineScaleSets().updateInstances(RESOURCE_GROUP, key.name(),
            new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(instanceIds));
    }

    static List<String> updateDomain(int domain) {
        return IntStream.range(0, 20).filter(i -> i % 5 == domain).mapToObj(String::valueOf).toList();
    }

    List<VirtualMachineScaleSetVMInner> listWithInstanceView() {
        return compute.serviceClient().getVirtualMachineScaleSetVMs()
            .list(RESOURCE_GROUP, key.name(), null, null, "instanceView", Context.NONE)
            .stream().toList();
    }

    static boolean hasStatus(VirtualMachineScaleSetVMInner vm, String code) {
        return vm.instanceView().statuses().stream().anyMatch(status -> code.equals(status.code()));
    }

    static boolean isServing(VirtualMachineScaleSetVMInner vm) {
        return hasStatus(vm, "PowerState/running")
            && "HealthState/healthy".equals(vm.instanceView().vmHealth().status().code());
    }

    /** Polls until the condition holds; fails the test after the deadline. */
    static void await(String what, Duration timeout, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Timed out after " + timeout + " waiting until " + what);
            }
            pollInterval();
        }
    }

    private static void pollInterval() {
        try {
            Thread.sleep(20); // the gap between two polls, not a synchronization
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while polling", e);
        }
    }

    void awaitAllServing(List<String> instanceIds) {
        await("instances " + instanceIds + " serve again", Duration.ofSeconds(10), () ->
            listWithInstanceView().stream()
                .filter(vm -> instanceIds.contains(vm.instanceId()))
                .allMatch(ScaleSetFixture::isServing));
    }

    ScaleSetReport report() {
        return simulator.report(key);
    }
}
