package dev.vmssrollout.worker.observability;

import dev.vmssrollout.worker.testing.AsTheApi;

import dev.vmssrollout.db.JdbcRolloutStore;
import dev.vmssrollout.db.testing.TestDatabase;
import dev.vmssrollout.model.ApprovalMode;
import dev.vmssrollout.model.FailurePolicy;
import dev.vmssrollout.model.HealthPolicy;
import dev.vmssrollout.model.ImageChange;
import dev.vmssrollout.model.RolloutPlan;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.Strategy;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.simulator.Faults;
import dev.vmssrollout.simulator.OsImage;
import dev.vmssrollout.simulator.ScaleSetKey;
import dev.vmssrollout.simulator.ScaleSetSpec;
import dev.vmssrollout.simulator.Simulator;
import dev.vmssrollout.simulator.SimulatorOptions;
import dev.vmssrollout.simulator.UpgradeMode;
import dev.vmssrollout.worker.RolloutWorker;
import dev.vmssrollout.worker.azure.AzureScaleSetActivities;
import dev.vmssrollout.worker.azure.AzureSettings;
import dev.vmssrollout.worker.azure.ComputeClients;
import dev.vmssrollout.worker.logging.RolloutLogContext;
import dev.vmssrollout.worker.metrics.RolloutMetrics;
import dev.vmssrollout.worker.metrics.StoreGauges;
import dev.vmssrollout.worker.metrics.WorkerMeters;
import dev.vmssrollout.worker.notifications.DeliveryLog;
import dev.vmssrollout.worker.notifications.NotificationSettings;
import dev.vmssrollout.worker.notifications.WebhookNotificationActivities;
import dev.vmssrollout.worker.progress.StoreProgressActivities;
import dev.vmssrollout.worker.testing.Submissions;
import dev.vmssrollout.workflows.RolloutWorkflow;
import dev.vmssrollout.workflows.TaskQueues;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.slf4j.MDC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/**
 * The worker as WorkerMain composes it (meters, store gauges, webhooks, the log context
 * interceptor) over the simulator, PostgreSQL and the Temporal test server in real time.
 */
final class ObservedWorker implements AutoCloseable {

    static final String SUBSCRIPTION = "00000000-0000-0000-0000-000000000000";
    static final String RESOURCE_GROUP = "obs-rg";
    static final OsImage CURRENT = OsImage.platform("Canonical", "ubuntu-24_04-lts", "server", "24.04.202409010");
    static final String NEXT_VERSION = "24.04.202410010";

    /** What the MDC said while upgradeInstances ran: "rolloutId/wave". */
    final List<String> upgradeLogContexts = new CopyOnWriteArrayList<>();
    final Simulator simulator;
    final TestWorkflowEnvironment temporal;
    final JdbcRolloutStore store;
    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    final ComputeClients compute;
    final StoreGauges gauges;
    private final TestDatabase database;
    private final NotificationSettings notifications;
    private RolloutWorker worker;

    ObservedWorker(TestDatabase database, NotificationSettings notifications) {
        this(database, notifications, settings -> settings);
    }

    ObservedWorker(TestDatabase database, NotificationSettings notifications, UnaryOperator<AzureSettings> tuneAzure) {
        this.database = database;
        this.notifications = notifications;
        try {
            simulator = Simulator.start(SimulatorOptions.builder().port(0).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setUseTimeskipping(false)
                .setMetricsScope(WorkerMeters.temporalScope(meters, Duration.ofMillis(200))).build());
        store = new JdbcRolloutStore(database.dataSource());
        compute = new ComputeClients(tuneAzure.apply(AzureSettings.simulator(simulator.baseUrl().toString(),
                simulator.certificatePem(), Duration.ofMillis(50)).withMaxRetryAfter(Duration.ofSeconds(1))), meters);
        gauges = new StoreGauges(database.dataSource(), Duration.ZERO, Clock.systemUTC()).register(meters);
    }

    /** Starts polling, as WorkerMain does once the database is migrated. */
    ObservedWorker startWorker() {
        AzureScaleSetActivities azure = new AzureScaleSetActivities(compute) {
            @Override
            public void upgradeInstances(ScaleSetRef scaleSet, List<String> instanceIds) {
                upgradeLogContexts.add(MDC.get(RolloutLogContext.ROLLOUT_ID) + "/" + MDC.get(RolloutLogContext.WAVE));
                super.upgradeInstances(scaleSet, instanceIds);
            }
        };
        worker = RolloutWorker.start(client(), azure,
                new StoreProgressActivities(store, new RolloutMetrics(meters, gauges)),
                new WebhookNotificationActivities(notifications, new DeliveryLog(database.dataSource()), meters,
                        Clock.systemUTC()),
                RolloutWorker.WorkerTuning.defaults());
        return this;
    }

    boolean isPolling() {
        return worker != null && worker.isPolling();
    }

    /** 20 instances over update domains 0-4, Manual policy, quick upgrades. */
    ScaleSetKey scaleSet(String name) {
        ScaleSetKey key = ScaleSetKey.of(SUBSCRIPTION, RESOURCE_GROUP, name);
        simulator.createScaleSet(key, ScaleSetSpec.builder().capacity(20).upgradePolicy(UpgradeMode.MANUAL)
                .upgradeMillis(100).bootMillis(50).image(CURRENT).build());
        return key;
    }

    void faults(ScaleSetKey key, Faults faults) {
        simulator.setFaults(key, faults);
    }

    static RolloutPlan plan(ScaleSetKey key, ApprovalMode approval, FailurePolicy onFailure) {
        return new RolloutPlan(new ScaleSetRef(key.subscriptionId(), key.resourceGroup(), key.name()),
                ImageChange.toVersion(NEXT_VERSION), Strategy.byUpdateDomain(), approval,
                new HealthPolicy(Duration.ofSeconds(30), Duration.ZERO, 0), onFailure, false);
    }

    /** Stores the rollout as the API does and starts its workflow; returns the rollout ID. */
    String submit(RolloutPlan plan) {
        return Submissions.submit(store, client(), plan, "alice");
    }

    RolloutWorkflow workflow(String rolloutId) {
        return AsTheApi.workflow(store, client(), rolloutId);
    }

    WorkflowClient client() {
        return temporal.getWorkflowClient();
    }

    RolloutDetails awaitState(String rolloutId, RolloutState state) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> store.find(rolloutId).orElseThrow(), rollout -> {
                    if (rollout.state() != state && rollout.state().isTerminal()) {
                        throw new AssertionError("rollout ended " + rollout.state() + " instead of " + state);
                    }
                    return rollout.state() == state;
                });
    }

    @Override
    public void close() {
        if (worker != null) {
            worker.kill();
        }
        temporal.close();
        simulator.close();
        meters.close();
    }
}
