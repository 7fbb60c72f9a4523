package dev.vmssrollout.worker.rollouts;

import dev.vmssrollout.worker.metrics.RolloutMetrics;
import dev.vmssrollout.workflows.DirectActions;

import dev.vmssrollout.worker.testing.AsTheApi;

import dev.vmssrollout.db.JdbcAnalysisStore;
import dev.vmssrollout.db.JdbcReleaseStore;
import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.Image;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.WaveState;
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
import dev.vmssrollout.worker.analysis.MetricAnalysis;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.releases.StoreReleaseActivities;
import dev.vmssrollout.worker.testing.Submissions;
import dev.vmssrollout.worker.windows.CalendarWindowActivities;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.TaskQueues;
import dev.vmssrollout.workflows.testing.TestTemporal;
import io.temporal.client.WorkflowClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * Everything a rollout runs on, for real but in one JVM: the simulator over HTTPS driven by the
 * Compute SDK, PostgreSQL, Temporal (the Java test server in real time, or the real dev server) and the project's
 * own worker.
 */
final class WorkerStack implements AutoCloseable {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "demo-rg";
    static final OsImage CURRENT = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final Image CURRENT_IMAGE = Image.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final String NEXT_VERSION = "24.04.202410010";

    final Simulator simulator;
    final TestTemporal temporal;
    final JdbcRolloutStore store;
    final JdbcAnalysisStore analysis;
    private final javax.sql.DataSource dataSource;
    private final AzureSettings azure;
    private final RolloutWorker.WorkerTuning tuning;
    private java.util.function.Function<ComputeClients, AzureScaleSetActivities> activities = AzureScaleSetActivities::new;
    /** The worker's VMSS_ROLLOUT_ANALYSIS_* variables: none, only the Azure Monitor provider (the simulator's). */
    private java.util.Map<String, String> analysisEnvironment = java.util.Map.of();
    private RolloutWorker worker;

    WorkerStack(TestDatabase database) {
        this(database, settings -> settings);
    }

    WorkerStack(TestDatabase database, java.util.function.UnaryOperator<AzureSettings> tuneAzure) {
        this(database, tuneAzure, TestTemporal.javaTestServer(), RolloutWorker.WorkerTuning.defaults());
    }

    /**
     * @param temporal the Java test server, or the real dev server ({@link TestTemporal#forScenario()})
     * @param tuning   every worker this stack starts runs with it (sticky queues included)
     */
    WorkerStack(TestDatabase database, java.util.function.UnaryOperator<AzureSettings> tuneAzure, TestTemporal temporal,
                RolloutWorker.WorkerTuning tuning) {
        this(database, tuneAzure, temporal, tuning, simulatorOptions -> simulatorOptions);
    }

    /** @param tuneSimulator changes the simulator's options, e.g. the caller's role */
    WorkerStack(TestDatabase database, java.util.function.UnaryOperator<AzureSettings> tuneAzure, TestTemporal temporal,
                RolloutWorker.WorkerTuning tuning, java.util.function.UnaryOperator<SimulatorOptions.Builder> tuneSimulator) {
        this.tuning = tuning;
        try {
            simulator = Simulator.start(tuneSimulator.apply(SimulatorOptions.builder().port(0)).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.temporal = temporal;
        store = new JdbcRolloutStore(database.dataSource());
        dataSource = database.dataSource();
        analysis = new JdbcAnalysisStore(dataSource);
        azure = tuneAzure.apply(AzureSettings.simulator(simulator.baseUrl().toString(), simulator.certificatePem(),
                Duration.ofMillis(50)).withMaxRetryAfter(Duration.ofSeconds(2)));
        startWorker();
    }

    /**
     * Restarts the worker with other Azure activities, e.g. a subclass that acts as someone else
     * would in the middle of a rollout.
     */
    void restartWorkerWith(java.util.function.Function<ComputeClients, AzureScaleSetActivities> azureActivities) {
        worker.kill();
        activities = azureActivities;
        startWorker();
    }

    /** Restarts the worker with analysis providers configured as the worker reads them from its environment. */
    void restartWorkerWithAnalysis(java.util.Map<String, String> environment) {
        worker.kill();
        analysisEnvironment = java.util.Map.copyOf(environment);
        startWorker();
    }

    /** A new worker, as after a restart: new Azure clients, new Temporal worker factory. */
    void startWorker() {
        startWorker(DirectActions.REFUSE);
    }

    /** @param directActions what the worker does with approvals and operator actions sent straight to Temporal */
    void startWorker(DirectActions directActions) {
        ComputeClients compute = new ComputeClients(azure);
        worker = RolloutWorker.start(temporal.client(),
                activities.apply(compute),
                new StoreProgressActivities(store, RolloutMetrics.global(), directActions),
                WebhookNotificationActivities.disabled(), CalendarWindowActivities.withoutCalendars(),
                MetricAnalysis.activities(analysisEnvironment, compute, dataSource,
                        io.micrometer.core.instrument.Metrics.globalRegistry),
                new StoreReleaseActivities(new JdbcReleaseStore(dataSource), store, temporal.client(),
                        java.time.Clock.systemUTC()),
                tuning);
    }

    /** The worker dies as in a crash: activities in flight are abandoned, not finished. */
    void killWorker() {
        worker.kill();
    }

    /** An ARM client of the simulator for the test itself: someone else changing the scale set. */
    ComputeClients someoneElse() {
        return new ComputeClients(azure);
    }

    ScaleSetKey scaleSet(String name, ScaleSetSpec.Builder spec) {
        ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, spec.image(CURRENT).build());
        return key;
    }

    /** 20 instances over update and fault domains 0-4, Manual policy, quick upgrades. */
    static ScaleSetSpec.Builder demoScaleSet() {
        return ScaleSetSpec.builder().capacity(20).upgradePolicy(UpgradeMode.MANUAL).upgradeMillis(150).bootMillis(100);
    }

    void faults(ScaleSetKey key, Faults faults) {
        simulator.setFaults(key, faults);
    }

    ScaleSetReport report(ScaleSetKey key) {
        return simulator.report(key);
    }

    /** Instance ID to times upgraded, for the instances upgraded at least once. */
    Map<String, Integer> upgraded(ScaleSetKey key) {
        return report(key).upgradeCounts().entrySet().stream().filter(e -> e.getValue() > 0)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
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

    /** Waits until the database shows the rollout in a state that satisfies {@code until}. */
    RolloutDetails awaitRollout(String rolloutId, Predicate<RolloutDetails> until) {
        return awaitRollout(rolloutId, Duration.ofSeconds(60), until);
    }

    RolloutDetails awaitRollout(String rolloutId, Duration atMost, Predicate<RolloutDetails> until) {
        return await().atMost(atMost).pollInterval(Duration.ofMillis(50))
                .until(() -> store.find(rolloutId).orElseThrow(), until);
    }

    /**
     * Waits until wave {@code index} is in flight. manualupgrade returns once Azure accepted it, so
     * UPGRADING lasts milliseconds and VERIFYING the rest of the wave: wait for either.
     */
    RolloutDetails awaitWaveInFlight(String rolloutId, int index) {
        return awaitRollout(rolloutId, r -> r.waves().size() > index
                && (r.waves().get(index).state() == WaveState.UPGRADING || r.waves().get(index).state() == WaveState.VERIFYING));
    }

    RolloutDetails awaitState(String rolloutId, RolloutState state) {
        return awaitRollout(rolloutId, r -> r.state() == state);
    }

    @Override
    public void close() {
        worker.kill();
        temporal.close();
        simulator.close();
    }
}
