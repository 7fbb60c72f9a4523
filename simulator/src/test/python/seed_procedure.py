"""The seed procedure, driven by Microsoft's Python SDK instead of the project's Java code.

Signs in with a client secret at the simulated Entra ID, then: gets the scale set model, changes its image version,
updates the model (long-running), upgrades the instances of update domain 0 with manualupgrade (long-running), and
lists the VMs with their instance views until those instances run the latest model. Prints one line per step;
exits 0 only if every step did what Azure's contract says.

Environment: ARM_ENDPOINT (https://localhost:PORT/, also the authority host), AZURE_TENANT_ID, AZURE_CLIENT_ID,
AZURE_CLIENT_SECRET, SUBSCRIPTION_ID, RESOURCE_GROUP, SCALE_SET, NEW_IMAGE_VERSION; REQUESTS_CA_BUNDLE names the
simulator's certificate so TLS stays verified.
"""
import os
import sys
import time

from azure.identity import ClientSecretCredential
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.compute.models import VirtualMachineScaleSetVMInstanceRequiredIDs

DEADLINE_SECONDS = 60


def main():
    env = os.environ
    endpoint = env["ARM_ENDPOINT"]
    credential = ClientSecretCredential(env["AZURE_TENANT_ID"], env["AZURE_CLIENT_ID"], env["AZURE_CLIENT_SECRET"],
                                        authority=endpoint, disable_instance_discovery=True)
    compute = ComputeManagementClient(credential, env["SUBSCRIPTION_ID"], base_url=endpoint)
    group, name, version = env["RESOURCE_GROUP"], env["SCALE_SET"], env["NEW_IMAGE_VERSION"]

    model = compute.virtual_machine_scale_sets.get(group, name)
    image = model.virtual_machine_profile.storage_profile.image_reference
    print(f"model: image {image.version}, etag {model.etag}", flush=True)

    image.version = version
    updated = compute.virtual_machine_scale_sets.begin_create_or_update(group, name, model).result()
    updated_image = updated.virtual_machine_profile.storage_profile.image_reference.version
    print(f"model updated: image {updated_image}, provisioningState {updated.provisioning_state}", flush=True)
    if updated_image != version or updated.provisioning_state != "Succeeded":
        return fail("the model update did not end with the new image and Succeeded")

    vms = list(compute.virtual_machine_scale_set_vms.list(group, name, expand="instanceView"))
    domain = sorted(vm.instance_id for vm in vms if vm.instance_view.platform_update_domain == 0)
    outdated = sorted(vm.instance_id for vm in vms if not vm.latest_model_applied)
    print(f"instances: {len(vms)}, outdated {len(outdated)}, update domain 0: {','.join(domain)}", flush=True)
    if not domain or len(outdated) != len(vms):
        return fail("expected every instance outdated and some in update domain 0")

    compute.virtual_machine_scale_sets.begin_update_instances(
        group, name, VirtualMachineScaleSetVMInstanceRequiredIDs(instance_ids=domain)).result()
    print(f"manualupgrade of update domain 0 ended", flush=True)

    deadline = time.monotonic() + DEADLINE_SECONDS
    lists = 0
    while True:
        lists += 1
        vms = {vm.instance_id: vm for vm in compute.virtual_machine_scale_set_vms.list(group, name, expand="instanceView")}
        done = [i for i in domain if vms[i].latest_model_applied and running(vms[i])]
        others = [i for i, vm in vms.items() if i not in domain and vm.latest_model_applied]
        if others:
            return fail(f"instances outside update domain 0 were upgraded: {others}")
        if len(done) == len(domain):
            print(f"update domain 0 runs the latest model: {len(done)} instances after {lists} lists", flush=True)
            return 0
        if time.monotonic() > deadline:
            return fail(f"update domain 0 not on the latest model after {DEADLINE_SECONDS} s: {done}")
        time.sleep(0.5)


def running(vm):
    codes = [status.code for status in vm.instance_view.statuses or []]
    return "ProvisioningState/succeeded" in codes and "PowerState/running" in codes


def fail(message):
    print(f"FAILED: {message}", flush=True)
    return 1


if __name__ == "__main__":
    sys.exit(main())
