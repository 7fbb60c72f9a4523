package dev.vmssrollout.worker.azure;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.fluent.models.RollingUpgradeStatusInfoInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetInner;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineScaleSetVMInner;
import com.azure.resourcemanager.compute.models.RollingUpgradeStatusCode;
import com.azure.resourcemanager.compute.models.UpgradeMode;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetStorageProfile;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetUpdate;
import com.azure.resourcemanager.compute.models.VirtualMachineScaleSetVMInstanceRequiredIDs;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.InstanceProblem;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.store.TokenBuckets;
import dev.vmssrollout.workflows.RolloutFailure;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetListActivities;
import dev.vmssrollout.workflows.ScaleSetModel;
import dev.vmssrollout.workflows.ScaleSetSummary;
import dev.vmssrollout.workflows.WaveHealth;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** {@link ScaleSetActivities} against Azure Resource Manager (or the simulator) with the Compute SDK. */
public class AzureScaleSetActivities implements ScaleSetActivities, ScaleSetListActivities {

    private static final String EXPAND_INSTANCE_VIEW = "instanceView";
    private static final SerializerAdapter MANAGEMENT_JSON = SerializerFactory.createDefaultManagementSerializerAdapter();
    /** Well inside the activities' heartbeat timeout, so a long paced wait never looks like a dead worker. */
    private static final Duration HEARTBEAT_EVERY = Duration.ofSeconds(5);
    /**
     * Model reads and VM lists outside a health wait run in activities of 5 minutes: a turn at their budget is not
     * awaited longer than this.
     */
    static final Duration READ_TURN_AT_MOST = Duration.ofMinutes(1);
    /** An upgrade's activity has an hour; a wave of a busy subscription may wait this long for its turn. */
    static final Duration UPGRADE_TURN_AT_MOST = Duration.ofMinutes(15);
    /** A model that changes under every read is someone else's busy automation: give the attempt up, retry later. */
    private static final int MAX_MODEL_READS = 5;

    private final ComputeClients clients;
    private final Duration pollInterval;
    private final SharedBudget healthReads;
    private final HealthPollPacer healthPolls;
    private final SharedBudget upgrades;
    private final SharedBudget modelReads;

    /** Budgets of this worker alone: for tests and tools that run one worker. */
    public AzureScaleSetActivities(ComputeClients clients) {
        this(clients, new LocalTokenBuckets(System::nanoTime));
    }

    /** @param buckets where the per-subscription budgets are kept: the database's, for every worker to share */
    public AzureScaleSetActivities(ComputeClients clients, TokenBuckets buckets) {
        this.clients = clients;
        this.pollInterval = clients.settings().healthPollInterval();
        this.healthReads = new SharedBudget("health-reads", clients.settings().healthReadBudget(), buckets,
                System::nanoTime);
        this.healthPolls = new HealthPollPacer(healthReads, pollInterval);
        this.upgrades = new SharedBudget("upgrades", clients.settings().upgradeBudget(), buckets, System::nanoTime);
        this.modelReads = new SharedBudget("model-reads", clients.settings().modelReadBudget(), buckets,
                System::nanoTime);
    }

    @Override
    public ScaleSetModel readModel(ScaleSetRef scaleSet) {
        VirtualMachineScaleSetInner model = arm("read the model of " + scaleSet, () -> getModel(scaleSet));
        String policy = model.upgradePolicy() == null || model.upgradePolicy().mode() == null
                ? UpgradeMode.MANUAL.toString() : model.upgradePolicy().mode().toString();
        int capacity = model.sku() == null || model.sku().capacity() == null ? 0 : model.sku().capacity().intValue();
        return new ScaleSetModel(scaleSet, imageOf(model), policy, capacity, model.provisioningState(),
                conflictingOperation(scaleSet, model), HealthSources.of(model), model.etag());
    }

    @Override
    public Image readModelImage(ScaleSetRef scaleSet) {
        return imageOf(arm("read the model of " + scaleSet, () -> getModel(scaleSet)));
    }

    /** A census or a bake's check: one high-cost read (a page) from the subscription's health-read budget, like a poll. */
    @Override
    public List<Instance> listInstances(ScaleSetRef scaleSet) {
        awaitTurn(healthReads, scaleSet, 1, "VM list", READ_TURN_AT_MOST);
        VmList list = arm("list the instances of " + scaleSet, () -> listVmPages(scaleSet));
        if (list.pages() > 1) {
            healthReads.spend(budgetKey(scaleSet), list.pages() - 1L, OptionalLong.empty());
        }
        return list.vms().stream().map(InstanceMapping::fromAzure).toList();
    }

    @Override
    public List<ScaleSetSummary> listScaleSets(String subscriptionId, String resourceGroup) {
        String where = resourceGroup == null ? "subscription " + subscriptionId : "resource group " + resourceGroup;
        return arm("list the scale sets of " + where, () -> ScaleSetLists.list(
                clients.forSubscription(subscriptionId).getVirtualMachineScaleSets(), subscriptionId, resourceGroup));
    }

    /** The image alone is PATCHed, as in {@link #patchModelImage} with no expectation: a full PUT would need more. */
    @Override
    public boolean updateModelImage(ScaleSetRef scaleSet, Image image) {
        return patchModelImage(scaleSet, null, image, null);
    }

    @Override
    public boolean patchModelImage(ScaleSetRef scaleSet, Image expected, Image image, String etag) {
        return patchModel(scaleSet, "update the image of " + scaleSet + " to " + image, etag, model -> {
            Image holds = imageOf(model);
            if (image.sameAs(holds)) {
                return false;
            }
            if (expected != null && !expected.sameAs(holds) && !expected.fulfils(holds)) {
                throw ApplicationFailure.newNonRetryableFailure("someone else changed the model of " + scaleSet
                        + ": it holds " + holds + ", not " + expected + " as when the rollout read it; the rollout "
                        + "does not overwrite their change. Agree on the image, then submit a new rollout",
                        RolloutFailure.MODEL_CHANGED.name());
            }
            return true;
        }, ModelUpdates.image(image));
    }

    @Override
    public void setUpgradePolicy(ScaleSetRef scaleSet, String mode) {
        patchModel(scaleSet, "set the upgrade policy of " + scaleSet + " to " + mode, null,
                model -> model.upgradePolicy() == null || model.upgradePolicy().mode() == null
                        || !model.upgradePolicy().mode().toString().equalsIgnoreCase(mode),
                ModelUpdates.upgradePolicy(UpgradeMode.fromString(mode)));
    }

    /**
     * PATCHes {@code update} with If-Match, so a change made since the model was read is never overwritten: on a 412
     * the model is read again and {@code needed} decides again (it may also refuse, by throwing). A PATCH carries the
     * one change and nothing else, where a PUT would send back every property, and need the permissions on every
     * linked resource (subnet, load balancer pools) that the documented role leaves out.
     *
     * @param etag the model's ETag when the caller has just read it, so the first attempt needs no read; or null
     * @return whether the model was changed ({@code false}: {@code needed} found nothing to do)
     */
    private boolean patchModel(ScaleSetRef scaleSet, String action, String etag,
                               Predicate<VirtualMachineScaleSetInner> needed, VirtualMachineScaleSetUpdate update) {
        String ifMatch = etag;
        for (int read = 0; read < MAX_MODEL_READS; read++) {
            if (ifMatch == null) {
                VirtualMachineScaleSetInner model = arm("read the model of " + scaleSet, () -> getModel(scaleSet));
                if (!needed.test(model)) {
                    return false;
                }
                ifMatch = model.etag();
            }
            try {
                SyncPoller<PollResult<VirtualMachineScaleSetInner>, VirtualMachineScaleSetInner> poller =
                        client(scaleSet).getVirtualMachineScaleSets().beginUpdate(scaleSet.resourceGroup(),
                                scaleSet.name(), update, ifMatch, null, com.azure.core.util.Context.NONE);
                awaitOperation(poller, action, RolloutFailure.INVALID_REQUEST);
                return true;
            } catch (ManagementException e) {
                if (e.getResponse() == null || e.getResponse().getStatusCode() != 412) {
                    throw AzureErrors.toFailure(action, e);
                }
                ifMatch = null; // 412: the model changed since it was read; read it again and decide again
            }
        }
        throw ApplicationFailure.newFailure("the model of " + scaleSet + " changed " + MAX_MODEL_READS
                + " times while the rollout tried to " + action, RolloutFailure.TRANSIENT.name());
    }

    @Override
    public void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
        // First attempt: send at once. Listing 1,000 instances first would cost a high-cost read
        // and a few hundred milliseconds per wave; Azure skips instances already on the latest
        // model, and answers 409 if some are still upgrading, which the careful path handles.
        if (Activity.getExecutionContext().getInfo().getAttempt() == 1) {
            try {
                manualUpgrade(scaleSet, instanceIds);
                return;
            } catch (ManagementException e) {
                if (e.getResponse() == null || e.getResponse().getStatusCode() != 409) {
                    throw AzureErrors.toFailure("start manualupgrade of instances " + instanceIds + " of " + scaleSet, e);
                }
            }
        }
        upgradeThoseNotDone(scaleSet, instanceIds);
    }

    /** After a crash or a conflict: leave alone the instances already upgraded or still upgrading. */
    private void upgradeThoseNotDone(ScaleSetRef scaleSet, List<String> instanceIds) {
        Map<String, Instance> wave = waveInstances(scaleSet, instanceIds);
        List<String> unknown = instanceIds.stream().filter(id -> !wave.containsKey(id)).toList();
        if (!unknown.isEmpty()) {
            throw ApplicationFailure.newNonRetryableFailure("scale set " + scaleSet + " has no instance "
                    + String.join(", ", unknown), RolloutFailure.INVALID_REQUEST.name());
        }
        List<String> pending = instanceIds.stream()
                .filter(id -> !wave.get(id).latestModelApplied() && !wave.get(id).updating()).toList();
        if (!pending.isEmpty()) {
            arm("start manualupgrade of instances " + pending + " of " + scaleSet, () -> {
                manualUpgrade(scaleSet, pending);
                return null;
            });
        }
    }

    /**
     * Only the request is awaited, not the long-running operation: the SDK's poller waits at least
     * Retry-After between polls, while the health wait that follows sees each instance finish (or
     * fail) on its own, one list call per poll for the whole wave.
     */
    private void manualUpgrade(ScaleSetRef scaleSet, List<String> instanceIds) {
        // Compute charges it once per instance it names.
        awaitTurn(upgrades, scaleSet, instanceIds.size(), "instances to upgrade", UPGRADE_TURN_AT_MOST);
        client(scaleSet).getVirtualMachineScaleSets().beginUpdateInstances(scaleSet.resourceGroup(), scaleSet.name(),
                new VirtualMachineScaleSetVMInstanceRequiredIDs().withInstanceIds(instanceIds));
    }

    /**
     * Every rollout in the subscription takes its turn at the worker's {@code budget} before it sends a request that
     * Compute charges {@code charge} to the same budget of the subscription and region, so that requests which start
     * together are spread out instead of refused with 429. Turns are not queued, so under more demand than the budget
     * one could wait long: after {@code atMost} (or a third of the activity's own start-to-close timeout, if shorter)
     * the request goes anyway, well inside its activity's timeout, and Compute's remaining-count header and
     * Retry-After pace it from there.
     */
    private static void awaitTurn(SharedBudget budget, ScaleSetRef scaleSet, int charge, String what, Duration atMost) {
        String waiting = "waiting for the subscription's budget: " + charge + " " + what;
        budget.awaitTurn(budgetKey(scaleSet), charge,
                () -> SharedBudget.turnLimit(atMost, Activity.getExecutionContext().getInfo().getStartToCloseTimeout()),
                wait -> heartbeatWhile(wait, waiting));
    }

    /** Compute counts its budgets per subscription and region: every rollout in the subscription shares them. */
    private static String budgetKey(ScaleSetRef scaleSet) {
        return "subscription " + scaleSet.subscriptionId().toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public WaveHealth awaitWaveHealthy(ScaleSetRef scaleSet, List<String> instanceIds, HealthPolicy health, Instant deadline) {
        WaveHealthTracker tracker = new WaveHealthTracker(instanceIds, health);
        String pacingKey = scaleSet.toString();
        String budgetKey = budgetKey(scaleSet);
        // The wave's wait began when the workflow first scheduled it (Temporal's clock): a retried attempt keeps it.
        Instant scheduled = Instant.ofEpochMilli(Activity.getExecutionContext().getInfo().getScheduledTimestamp());
        Instant started = scheduled.isAfter(Instant.now()) ? Instant.now() : scheduled;
        Instant quietUntil = started.plus(healthPolls.quietStart(pacingKey));
        quietUntil = quietUntil.isAfter(deadline) ? deadline : quietUntil;
        Instant expectedEnd = started.plus(healthPolls.expectedEnd(pacingKey));
        Duration unfinished = Duration.ZERO;
        int attempt = Activity.getExecutionContext().getInfo().getAttempt(); // 1 first; 0 in Temporal's test environment
        if (attempt <= 1 && quietUntil.isAfter(Instant.now())) {
            // Azure has just accepted the upgrade: a poll now would find every instance still upgrading.
            heartbeatWhile(Duration.between(Instant.now(), quietUntil), tracker.summary());
        }
        while (true) {
            // Every rollout in the subscription takes its turn at the one budget before it reads, in the order they
            // ask, so many that start together neither overspend it nor starve one another.
            int expected = healthPolls.expectedPages(pacingKey);
            Duration turn = healthPolls.takeTurn(budgetKey, expected);
            // The reads are taken: the poll goes at its turn, or at the deadline if that comes first, since a wave is
            // never judged on an old read (or none).
            Duration beforeDeadline = Duration.between(Instant.now(), deadline);
            Duration wait = turn.compareTo(beforeDeadline) < 0 ? turn : beforeDeadline;
            if (!wait.isNegative() && !wait.isZero()) {
                heartbeatWhile(wait, tracker.summary());
            }
            Set<String> failed = new HashSet<>();
            Map<String, Instance> wave = new LinkedHashMap<>();
            Map<String, InstanceProblem> problems = new LinkedHashMap<>();
            // One list call per poll for the whole wave: listing with the instance view is a high-cost read
            // (about 190 per 3 minutes and 900 per 30 per subscription and region), never spend it per VM.
            VmList list = arm("poll the health of " + scaleSet, () -> listVmPages(scaleSet));
            healthPolls.polled(pacingKey, list.pages());
            for (VirtualMachineScaleSetVMInner vm : list.vms()) {
                if (instanceIds.contains(vm.instanceId())) {
                    wave.put(vm.instanceId(), InstanceMapping.fromAzure(vm));
                    if (InstanceMapping.provisioningFailed(vm)) {
                        failed.add(vm.instanceId());
                    }
                    InstanceProblem problem = InstanceMapping.problem(vm);
                    if (problem != null) {
                        problems.put(vm.instanceId(), problem);
                    }
                }
            }
            Instant now = Instant.now();
            var outcome = tracker.observe(wave, failed, problems, now);
            // A wave fails as soon as too many of its instances are bad, while others may still be mid-upgrade:
            // reporting it now would let an operator who accepts the failure start the next wave while those are
            // out of service, costing more capacity than one wave. So it is reported once they are back.
            boolean capacityStillOut = outcome.isPresent() && outcome.get().outcome() == WaveHealth.Outcome.UNHEALTHY
                    && WaveHealthTracker.stillUpgrading(instanceIds, wave, failed) && now.isBefore(deadline);
            if (outcome.isPresent() && !capacityStillOut) {
                if (outcome.get().outcome() == WaveHealth.Outcome.HEALTHY) {
                    healthPolls.waveHealthyAfter(pacingKey, new WaveEnd(unfinished, Duration.between(started, now)),
                            attempt);
                    // The poll listed every instance: the census before the next wave, saving the workflow a VM list.
                    return outcome.get().withCensus(list.vms().stream().map(InstanceMapping::fromAzure).toList());
                }
                return outcome.get();
            }
            if (!now.isBefore(deadline)) {
                return tracker.timedOut(health.timeout());
            }
            unfinished = Duration.between(started, now);
            Duration paced = healthPolls.afterPoll(budgetKey, Math.max(0, list.pages() - expected),
                    clients.remainingHighCostReads(scaleSet));
            Instant next = expectedEnd.isAfter(deadline) ? deadline : expectedEnd;
            Duration aimed = Duration.between(now, next);
            heartbeatWhile(aimed.compareTo(paced) > 0 ? aimed : paced, tracker.summary());
        }
    }

    private static void heartbeatWhile(Duration wait, String summary) {
        Duration left = wait;
        do {
            Activity.getExecutionContext().heartbeat(summary);
            Duration slice = left.compareTo(HEARTBEAT_EVERY) < 0 ? left : HEARTBEAT_EVERY;
            pause(slice);
            left = left.minus(slice);
        } while (!left.isNegative() && !left.isZero());
    }

    private Map<String, Instance> waveInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
        Map<String, Instance> wave = new LinkedHashMap<>();
        for (Instance instance : listInstances(scaleSet)) {
            if (instanceIds.contains(instance.instanceId())) {
                wave.put(instance.instanceId(), instance);
            }
        }
        return wave;
    }

    /** Polls a long-running operation, heartbeating, until Azure says it ended. */
    private void awaitOperation(SyncPoller<?, ?> poller, String action, RolloutFailure whenFailed) {
        PollResponse<?> response = arm(action, poller::poll);
        while (!response.getStatus().isComplete()) {
            Activity.getExecutionContext().heartbeat(action);
            Duration hint = response.getRetryAfter();
            pause(hint != null && hint.compareTo(pollInterval) > 0 ? hint : pollInterval);
            response = arm(action, poller::poll);
        }
        if (response.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            String detail = operationError(response, poller);
            throw ApplicationFailure.newNonRetryableFailure(action + " ended " + response.getStatus() + detail,
                    whenFailed.name());
        }
    }

    /**
     * Azure's error code and message for a failed operation. The SDK's final result is null for an operation that
     * ended Failed; the error is in the last poll's body ({@code {"status": "Failed", "error": {...}}}).
     */
    private static String operationError(PollResponse<?> last, SyncPoller<?, ?> poller) {
        if (last.getValue() instanceof PollResult<?> result && result.getError() != null) {
            PollResult.Error error = result.getError();
            try {
                ManagementError azure = MANAGEMENT_JSON.deserialize(error.getResponseBody(), ManagementError.class,
                        SerializerEncoding.JSON);
                if (azure != null && azure.getCode() != null) {
                    return ": Azure error " + azure.getCode() + ": " + azure.getMessage();
                }
            } catch (IOException | RuntimeException unreadable) {
                // fall back to the SDK's own description below
            }
            return ": " + error.getMessage();
        }
        try {
            poller.getFinalResult();
            return "";
        } catch (ManagementException e) {
            return e.getValue() == null ? ": " + e.getMessage()
                    : ": Azure error " + e.getValue().getCode() + ": " + e.getValue().getMessage();
        } catch (RuntimeException e) {
            return ": " + e.getMessage();
        }
    }

    private String conflictingOperation(ScaleSetRef scaleSet, VirtualMachineScaleSetInner model) {
        if ("Updating".equalsIgnoreCase(model.provisioningState())) {
            return "the scale set model is being updated (provisioningState Updating)";
        }
        try {
            awaitTurn(modelReads, scaleSet, 1, "model read", READ_TURN_AT_MOST);
            RollingUpgradeStatusInfoInner latest = client(scaleSet).getVirtualMachineScaleSetRollingUpgrades()
                    .getLatest(scaleSet.resourceGroup(), scaleSet.name());
            if (latest != null && latest.runningStatus() != null
                    && RollingUpgradeStatusCode.ROLLING_FORWARD.equals(latest.runningStatus().code())) {
                return "an Azure rolling upgrade is in progress; wait for it or cancel it (az vmss rolling-upgrade cancel)";
            }
            return null;
        } catch (ManagementException e) {
            if (e.getResponse() != null && e.getResponse().getStatusCode() == 404) {
                return null; // no rolling upgrade has ever run on this scale set
            }
            throw AzureErrors.toFailure("read the latest rolling upgrade of " + scaleSet, e);
        }
    }

    private VirtualMachineScaleSetInner getModel(ScaleSetRef scaleSet) {
        awaitTurn(modelReads, scaleSet, 1, "model read", READ_TURN_AT_MOST);
        return client(scaleSet).getVirtualMachineScaleSets().getByResourceGroup(scaleSet.resourceGroup(), scaleSet.name());
    }

    /** Every VM with its instance view, and how many pages (high-cost reads) that took. */
    private VmList listVmPages(ScaleSetRef scaleSet) {
        List<VirtualMachineScaleSetVMInner> vms = new ArrayList<>();
        int pages = 0;
        for (PagedResponse<VirtualMachineScaleSetVMInner> page : client(scaleSet).getVirtualMachineScaleSetVMs()
                .list(scaleSet.resourceGroup(), scaleSet.name(), null, null, EXPAND_INSTANCE_VIEW,
                        com.azure.core.util.Context.NONE)
                .iterableByPage()) {
            pages++;
            vms.addAll(page.getValue());
        }
        return new VmList(vms, pages);
    }

    private record VmList(List<VirtualMachineScaleSetVMInner> vms, int pages) {
    }

    static Image imageOf(VirtualMachineScaleSetInner model) {
        if (model.virtualMachineProfile() == null || model.virtualMachineProfile().storageProfile() == null) {
            return null;
        }
        VirtualMachineScaleSetStorageProfile storage = model.virtualMachineProfile().storageProfile();
        return ImageMapping.fromAzure(storage.imageReference(), storage.osDisk() == null ? null : storage.osDisk().image());
    }

    private ComputeManagementClient client(ScaleSetRef scaleSet) {
        return clients.forSubscription(scaleSet.subscriptionId());
    }

    private static <T> T arm(String action, Supplier<T> call) {
        try (CallHeartbeats heartbeats = CallHeartbeats.during(action, HEARTBEAT_EVERY)) {
            return call.get();
        } catch (ApplicationFailure failure) {
            throw failure;
        } catch (RuntimeException e) {
            throw AzureErrors.toFailure(action, e);
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApplicationFailure.newFailure("interrupted while waiting on Azure", RolloutFailure.TRANSIENT.name());
        }
    }
}
