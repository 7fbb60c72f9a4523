package dev.vmssrollout.worker.rollouts;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.VirtualMachineScaleSetsClient;
import com.azure.resourcemanager.compute.models.ImageReference;
import com.azure.resourcemanager.compute.models.Sku;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateVMProfile;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.ComputeClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import static dev.vmssrollout.worker.rollouts.Plans.aPlanFor;
import static dev.vmssrollout.worker.rollouts.WorkerStack.demoScaleSet;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 12, scenario 5: the model update is a PATCH of the storage profile alone, If-Match the
 * ETag the rollout read; someone else's change made in between is kept, never overwritten.
 */
class ModelUpdateTest {

    private static final String OTHER_VERSION = "24.04.202411111";

    @RegisterExtension
    static final TestDatabase database = TestDatabase.migrated();

    private WorkerStack stack;

    @AfterEach
    void stop() {
        stack.close();
    }

    /** A stack whose worker lets {@code someoneElse} change the model once, after preflight read it (while planning). */
    private void startWithChangeAfterPreflight(Consumer<VirtualMachineScaleSetsClient> someoneElse) {
        AtomicBoolean once = new AtomicBoolean(true);
        stack = new WorkerStack(database);
        stack.restartWorkerWith(clients -> new AzureScaleSetActivities(clients) {
            @Override
            public List<Instance> listInstances(ScaleSetRef scaleSet) {
                if (once.getAndSet(false)) {
                    someoneElse.accept(clients.forSubscription(scaleSet.subscriptionId()).getVirtualMachineScaleSets());
                }
                return super.listInstances(scaleSet);
            }
        });
    }

    @Test
    void scenario5TheImageIsPatchedIfMatchAndAVmSizeChangedMeanwhileIsKept() {
        startWithChangeAfterPreflight(scaleSets -> scaleSets.update(WorkerStack.RESOURCE_GROUP, "patch-keeps",
                new VirtualMachineScaleSetUpdate().withSku(new Sku().withName("Standard_D4s_v3")), null, null,
                Context.NONE));
        ScaleSetKey web = stack.scaleSet("patch-keeps", demoScaleSet());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        stack.awaitState(id, RolloutState.SUCCEEDED);

        var model = scaleSets().getByResourceGroup(WorkerStack.RESOURCE_GROUP, "patch-keeps");
        assertThat(model.sku().name()).as("their VM size is kept").isEqualTo("Standard_D4s_v3");
        assertThat(model.virtualMachineProfile().storageProfile().imageReference().version())
                .isEqualTo(WorkerStack.NEXT_VERSION);
        assertThat(stack.report(web).armRequests("PutScaleSet")).as("no full PUT of the model").isZero();
        assertThat(stack.report(web).armRequests("PatchScaleSet")).as("theirs, ours refused with 412, ours again")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void scenario5AnImageSomeoneElsePutIntoTheModelIsNotOverwritten() {
        startWithChangeAfterPreflight(scaleSets -> scaleSets.update(WorkerStack.RESOURCE_GROUP, "patch-refuses",
                new VirtualMachineScaleSetUpdate().withVirtualMachineProfile(new VirtualMachineScaleSetUpdateVMProfile()
                        .withStorageProfile(new VirtualMachineScaleSetUpdateStorageProfile()
                                .withImageReference(new ImageReference().withVersion(OTHER_VERSION)))),
                null, null, Context.NONE));
        ScaleSetKey web = stack.scaleSet("patch-refuses", demoScaleSet());

        String id = stack.submit(aPlanFor(web).build(), "alice");
        RolloutDetails failed = stack.awaitRollout(id, r -> r.state().isTerminal());

        assertThat(failed.state()).isEqualTo(RolloutState.FAILED);
        assertThat(failed.stateReason()).contains(OTHER_VERSION).contains("does not overwrite their change");
        assertThat(scaleSets().getByResourceGroup(WorkerStack.RESOURCE_GROUP, "patch-refuses").virtualMachineProfile()
                .storageProfile().imageReference().version()).as("their image stays").isEqualTo(OTHER_VERSION);
        assertThat(stack.upgraded(web)).isEmpty();
    }

    private VirtualMachineScaleSetsClient scaleSets() {
        ComputeClients clients = stack.someoneElse();
        return clients.forSubscription(WorkerStack.SUBSCRIPTION).getVirtualMachineScaleSets();
    }
}
