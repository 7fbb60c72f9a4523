package dev.vmssrollout.worker.azure;

import com.azure.resourcemanager.compute.models.UpgradeMode;
import com.azure.resourcemanager.compute.models.UpgradePolicy;
import com.azure.resourcemanager.compute.models.VirtualHardDisk;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateOSDisk;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdateVMProfile;
import dev.vmssrollout.model.Image;

/**
 * PATCH bodies that carry one change and nothing else: a full PUT would send back every property
 * read earlier (overwriting what changed since, capacity set by autoscale included) and needs
 * permissions on every linked resource (subnet, load balancer pool, gallery).
 */
final class ModelUpdates {

    private ModelUpdates() {
    }

    /** The storage profile's image, alone. */
    static VirtualMachineScaleSetUpdate image(Image image) {
        VirtualMachineScaleSetUpdateStorageProfile storage = new VirtualMachineScaleSetUpdateStorageProfile();
        if (image.osDiskImageUri() != null) {
            storage.withOsDisk(new VirtualMachineScaleSetUpdateOSDisk()
                    .withImage(new VirtualHardDisk().withUri(image.osDiskImageUri())));
        } else {
            storage.withImageReference(ImageMapping.toReference(image));
        }
        return new VirtualMachineScaleSetUpdate()
                .withVirtualMachineProfile(new VirtualMachineScaleSetUpdateVMProfile().withStorageProfile(storage));
    }

    /** The upgrade policy's mode, alone: its rolling upgrade settings stay as they are. */
    static VirtualMachineScaleSetUpdate upgradePolicy(UpgradeMode mode) {
        return new VirtualMachineScaleSetUpdate().withUpgradePolicy(new UpgradePolicy().withMode(mode));
    }
}
