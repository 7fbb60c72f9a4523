package dev.vmssrollout.worker.reliability;

import dev.vmssrollout.worker.testing.AsTheApi;

import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.RolloutInvariants;
import dev.vmssrollout.db.testing.RolloutInvariants.Census;
import dev.vmssrollout.db.testing.RolloutInvariants.ScaleSetFacts;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.Instance;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetReport;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.RolloutWorker;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.testing.Submissions;
import dev.vmssrollout.workflows.ProgressActivities;
import dev.vmssrollout.workflows.ChannelVerdict;
import dev.vmssrollout.workflows.InspectionRequest;
import dev.vmssrollout.workflows.ScaleSetListRequest;
import dev.vmssrollout.workflows.WorkflowGuardActivities;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.ScaleSetActivities;
import dev.vmssrollout.workflows.ScaleSetModel;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.WaveHealth;
import io.temporal.client.WorkflowClient;
import dev.vmssrollout.workflows.testing.TestTemporal;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * The simulator over HTTPS, PostgreSQL (any DataSource, so a test can take it away), Temporal (the real dev server
 * where the CLI is installed, else the Java test server in real time) and the real worker, whose activities are counted while they run: a kill can then say whether it landed
 * inside {@code manualupgrade}, inside the health wait or inside a database write.
 */
final class ReliabilityStack implements AutoCloseable {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "reliability-rg";
    static final OsImage CURRENT = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final Image CURRENT_IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final String NEXT_VERSION = "24.04.202410010";
    static final Duration DEADLINE = Duration.ofSeconds(120);

    final Simulator simulator;
    final TestTemporal temporal;
    final JdbcRolloutStore store;
    private final AzureSettings azure;
    /** Activity method name -> calls running now, over every worker this stack started. */
    private final Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    private RolloutWorker worker;
    private int workersStarted;

    /**
     * On the real dev server where it is installed: the Java test server refuses a workflow's cancel of an activity
     * that completed in the same workflow task (ACTIVITY_UNKNOWN, temporalio/sdk-java#2391) and the rollout never
     * moves again, which the real server does not do.
     */
    ReliabilityStack(DataSource database, UnaryOperator<AzureSettings> tuneAzure) {
        this(database, tuneAzure, TestTemporal.forScenario());
    }

    /** @param temporal the Java test server, or the real dev server ({@link TestTemporal#forScenario()}) */
    ReliabilityStack(DataSource database, UnaryOperator<AzureSettings> tuneAzure, TestTemporal temporal) {
        try {
            simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.temporal = temporal;
        store = new JdbcRolloutStore(database);
        azure = tuneAzure.apply(AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                Duration.ofMillis(50)).withMaxRetryAfter(Duration.ofSeconds(2)));
        startWorker();
    }

    /** A new worker, as after a restart: new Azure clients, new worker factory. */
    synchronized void startWorker() {
        worker = RolloutWorker.start(temporal.client(),
                new CountedAzure(new AzureScaleSetActivities(new ComputeClients(azure))),
                new CountedProgress(new StoreProgressActivities(store)),
                RolloutWorker.WorkerTuning.defaults());
        workersStarted++;
    }

    /** The worker dies at once: its running activities and workflow tasks are abandoned. */
    synchronized void killWorker() {
        worker.kill();
    }

    synchronized int workersStarted() {
        return workersStarted;
    }

    /** The activities running right now, by method name, e.g. {@code {upgradeInstances=1, record=1}}. */
    Map<String, Integer> runningActivities() {
        Map<String, Integer> now = new TreeMap<>();
        running.forEach((method, count) -> {
            if (count.get() > 0) {
                now.put(method, count.get());
            }
        });
        return now;
    }

    ScaleSetKey scaleSet(String name, ScaleSetSpec.Builder spec) {
        ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, spec.image(CURRENT).build());
        return key;
    }

    /** {@code capacity} instances over update and fault domains 0-4, Manual policy. */
    static ScaleSetSpec.Builder scaleSetOf(int capacity, long upgradeMillis, long bootMillis) {
        return ScaleSetSpec.builder().capacity(capacity).upgradePolicy(UpgradeMode.MANUAL)
                .upgradeMillis(upgradeMillis).bootMillis(bootMillis);
    }

    void faults(ScaleSetKey key, Faults faults) {
        simulator.setFaults(key, faults);
    }

    ScaleSetReport report(ScaleSetKey key) {
        return simulator.report(key);
    }

    static ScaleSetRef ref(ScaleSetKey key) {
        return new ScaleSetRef(key.subscriptionId(), key.resourceGroup(), key.name());
    }

    /** Stores the rollout as the API does and starts its workflow; returns the rollout ID. */
    String submit(RolloutPlan plan, String submitter) {
        return Submissions.submit(store, client(), plan, submitter);
    }

    RolloutWorkflow workflow(String rolloutId) {
        return AsTheApi.workflow(store, client(), rolloutId);
    }

    WorkflowClient client() {
        return temporal.client();
    }

    RolloutDetails rollout(String rolloutId) {
        return store.find(rolloutId).orElseThrow();
    }

    RolloutDetails awaitRollout(String rolloutId, Duration atMost, Predicate<RolloutDetails> until) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(20))
                .until(() -> store.find(rolloutId).orElseThrow(), until);
    }

    /** Waits for {@code state}; fails at once, with the event log, when the rollout ends in another. */
    RolloutDetails awaitState(String rolloutId, RolloutState state) {
        return awaitState(rolloutId, state, DEADLINE);
    }

    RolloutDetails awaitState(String rolloutId, RolloutState state, Duration atMost) {
        return awaitRollout(rolloutId, atMost, r -> {
            if (r.state() != state && r.state().isTerminal()) {
                throw new AssertionError("rollout " + rolloutId + " ended " + r.state() + " instead of " + state + ": "
                        + r.stateReason() + "\n" + r.events());
            }
            return r.state() == state;
        });
    }

    /** The invariants of the reliability suite for this rollout, from the database and the simulator. */
    RolloutInvariants invariants(String rolloutId, ScaleSetKey key) {
        return invariants(rolloutId, key, report(key).capacity());
    }

    /**
     * @param capacity the scale set's capacity before anyone scaled it out: instances added later were never in
     *                 service before, so the in-service floor counts from the capacity the rollout started with
     */
    RolloutInvariants invariants(String rolloutId, ScaleSetKey key, int capacity) {
        ScaleSetReport report = report(key);
        return RolloutInvariants.of(rollout(rolloutId),
                new ScaleSetFacts(capacity, report.minInService(), report.upgradeCounts(), census(key)));
    }

    /** The model's image and every instance, read through ARM as the worker reads them. */
    Census census(ScaleSetKey key) {
        AzureScaleSetActivities arm = arm();
        return new Census(arm.readModel(ref(key)).image(), arm.listInstances(ref(key)));
    }

    /** ARM as another client sees it (a person, a pipeline): the worker's Azure activities, outside any workflow. */
    AzureScaleSetActivities arm() {
        return new AzureScaleSetActivities(new ComputeClients(azure.withoutPacing()));
    }

    /** What the instances run now, read through the worker's own Azure activities. */
    List<Instance> instances(ScaleSetKey key) {
        return arm().listInstances(ref(key));
    }

    @Override
    public void close() {
        killWorker();
        temporal.close();
        simulator.close();
    }

    private <T> T counted(String method, java.util.function.Supplier<T> call) {
        AtomicInteger count = running.computeIfAbsent(method, m -> new AtomicInteger());
        count.incrementAndGet();
        try {
            return call.get();
        } finally {
            count.decrementAndGet();
        }
    }

    /** The real Azure activities, counted while they run. */
    private final class CountedAzure implements ScaleSetActivities {
        private final ScaleSetActivities real;

        CountedAzure(ScaleSetActivities real) {
            this.real = real;
        }

        @Override
        public ScaleSetModel readModel(ScaleSetRef scaleSet) {
            return counted("readModel", () -> real.readModel(scaleSet));
        }

        @Override
        public Image readModelImage(ScaleSetRef scaleSet) {
            return counted("readModelImage", () -> real.readModelImage(scaleSet));
        }

        @Override
        public List<Instance> listInstances(ScaleSetRef scaleSet) {
            return counted("listInstances", () -> real.listInstances(scaleSet));
        }

        @Override
        public boolean updateModelImage(ScaleSetRef scaleSet, Image image) {
            return counted("updateModelImage", () -> real.updateModelImage(scaleSet, image));
        }

        @Override
        public boolean patchModelImage(ScaleSetRef scaleSet, Image expected, Image image, String etag) {
            return counted("patchModelImage", () -> real.patchModelImage(scaleSet, expected, image, etag));
        }

        @Override
        public void setUpgradePolicy(ScaleSetRef scaleSet, String mode) {
            counted("setUpgradePolicy", () -> {
                real.setUpgradePolicy(scaleSet, mode);
                return null;
            });
        }

        @Override
        public void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
            counted("upgradeInstances", () -> {
                real.upgradeInstances(scaleSet, instanceIds);
                return null;
            });
        }

        @Override
        public WaveHealth awaitWaveHealthy(ScaleSetRef scaleSet, List<String> instanceIds, HealthPolicy health,
                                           Instant deadline) {
            return counted("awaitWaveHealthy", () -> real.awaitWaveHealthy(scaleSet, instanceIds, health, deadline));
        }
    }

    /** The real progress activity, counted while it runs. */
    private final class CountedProgress implements ProgressActivities, WorkflowGuardActivities {
        private final StoreProgressActivities real;

        CountedProgress(StoreProgressActivities real) {
            this.real = real;
        }

        @Override
        public ClaimVerdict claimRollout(RolloutClaim claim) {
            return counted("claimRollout", () -> real.claimRollout(claim));
        }

        @Override
        public ChannelVerdict checkOperatorAction(String rolloutId, String action, String actor, String requestId) {
            return counted("checkOperatorAction", () -> real.checkOperatorAction(rolloutId, action, actor, requestId));
        }

        @Override
        public String checkInspection(InspectionRequest request) {
            return counted("checkInspection", () -> real.checkInspection(request));
        }

        @Override
        public String checkScaleSetList(ScaleSetListRequest request) {
            return counted("checkScaleSetList", () -> real.checkScaleSetList(request));
        }

        @Override
        public void record(ProgressEvent event) {
            counted("record", () -> {
                real.record(event);
                return null;
            });
        }
    }
}
