package dev.vmssrollout.worker.azure;

import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetExtensionInner;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMProfile;

import java.util.List;
import java.util.Set;

/** What in a scale set's model reports its instances' health (the source of vmHealth), if anything. */
final class HealthSources {

    static final String EXTENSION = "Application Health extension";
    static final String PROBE = "load-balancer health probe";
    private static final Set<String> HEALTH_EXTENSION_TYPES = Set.of("applicationhealthlinux", "applicationhealthwindows");

    private HealthSources() {
    }

    /** The health source, or null when the scale set has none. */
    static String of(VirtualMachineScaleSetInner model) {
        VirtualMachineScaleSetVMProfile profile = model.virtualMachineProfile();
        if (profile == null) {
            return null;
        }
        List<VirtualMachineScaleSetExtensionInner> extensions = profile.extensionProfile() == null
                || profile.extensionProfile().extensions() == null ? List.of() : profile.extensionProfile().extensions();
        boolean extension = extensions.stream().anyMatch(e -> e.typePropertiesType() != null
                && HEALTH_EXTENSION_TYPES.contains(e.typePropertiesType().toLowerCase(java.util.Locale.ROOT)));
        if (extension) {
            return EXTENSION;
        }
        boolean probe = profile.networkProfile() != null && profile.networkProfile().healthProbe() != null
                && profile.networkProfile().healthProbe().id() != null;
        return probe ? PROBE : null;
    }
}
