package dev.vmssrollout.worker.metrics;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.progress.EventType;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Gauges read from PostgreSQL, which knows every rollout (a worker only sees the activities it
 * runs): rollouts and releases by state, approvals pending and the oldest one's wait. Read in the background at
 * most once per {@code maxAge} however often Prometheus scrapes; NaN until the first read and
 * while the database cannot be read.
 * Every worker reports the same figures: aggregate with max, not sum.
 */
public final class StoreGauges implements WaveStarts {

    private static final Logger log = LoggerFactory.getLogger(StoreGauges.class);
    private static final int QUERY_TIMEOUT_SECONDS = 5;

    private final DataSource dataSource;
    private final Duration maxAge;
    private final Clock clock;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Executor refresher = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "store-gauges");
        thread.setDaemon(true);
        return thread;
    });
    private volatile Snapshot snapshot;

    private record Snapshot(Instant readAt, Map<RolloutState, Long> byState, Map<RolloutState, Long> releasesByState,
                            long approvalsPending, Instant oldestWaitSince) {
    }

    public StoreGauges(DataSource dataSource, Duration maxAge, Clock clock) {
        this.dataSource = dataSource;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    public StoreGauges register(MeterRegistry registry) {
        for (RolloutState state : RolloutState.values()) {
            Gauge.builder("vmss.rollout.rollouts", this, gauges -> gauges.rollouts(state))
                    .description("Rollouts in the database, by state").tag("state", state.name())
                    .strongReference(true).register(registry);
        }
        for (RolloutState state : RolloutState.values()) {
            Gauge.builder("vmss.rollout.releases", this, gauges -> gauges.releases(state))
                    .description("Releases in the database, by state").tag("state", state.name())
                    .strongReference(true).register(registry);
        }
        Gauge.builder("vmss.rollout.approvals.pending", this, StoreGauges::approvalsPending)
                .description("Rollouts waiting for an approval").strongReference(true).register(registry);
        Gauge.builder("vmss.rollout.approvals.oldest.wait", this, StoreGauges::oldestWaitSeconds)
                .description("How long the rollout waiting longest for an approval has waited (0 when none waits)")
                .baseUnit("seconds").strongReference(true).register(registry);
        current(); // the first read starts now, not at the first scrape
        return this;
    }

    double rollouts(RolloutState state) {
        Snapshot current = current();
        return current == null ? Double.NaN : current.byState().getOrDefault(state, 0L);
    }

    double releases(RolloutState state) {
        Snapshot current = current();
        return current == null ? Double.NaN : current.releasesByState().getOrDefault(state, 0L);
    }

    double approvalsPending() {
        Snapshot current = current();
        return current == null ? Double.NaN : current.approvalsPending();
    }

    double oldestWaitSeconds() {
        Snapshot current = current();
        if (current == null) {
            return Double.NaN;
        }
        return current.oldestWaitSince() == null ? 0
                : Math.max(0, Duration.between(current.oldestWaitSince(), clock.instant()).toMillis() / 1000.0);
    }

    /** One small query per finished wave, for the wave duration timer. */
    @Override
    public Optional<Instant> startOf(String rolloutId, int wave) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT started_at FROM waves WHERE rollout_id = ? AND wave_index = ?")) {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            query.setString(1, rolloutId);
            query.setInt(2, wave);
            try (ResultSet row = query.executeQuery()) {
                OffsetDateTime started = row.next() ? row.getObject(1, OffsetDateTime.class) : null;
                return Optional.ofNullable(started).map(OffsetDateTime::toInstant);
            }
        } catch (SQLException e) {
            log.debug("no start time for wave {} of rollout {}: {}", wave, rolloutId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The last snapshot, refreshed in the background once it is older than maxAge: a scrape never
     * waits for PostgreSQL (a pool waiting 30 s for a connection would time the scrape out).
     */
    private Snapshot current() {
        Snapshot last = snapshot;
        boolean stale = last == null || Duration.between(last.readAt(), clock.instant()).compareTo(maxAge) >= 0;
        if (stale && refreshing.compareAndSet(false, true)) {
            refresher.execute(this::refresh);
        }
        return last == null || last.byState() == null ? null : last;
    }

    private void refresh() {
        Instant now = clock.instant();
        try {
            snapshot = read(now);
        } catch (SQLException | RuntimeException e) {
            log.warn("cannot read rollout gauges from the database: {}", e.getMessage());
            snapshot = new Snapshot(now, null, null, 0, null); // NaN until the next refresh succeeds
        } finally {
            refreshing.set(false);
        }
    }

    private Snapshot read(Instant now) throws SQLException {
        long pending = 0;
        Instant oldest = null;
        Map<RolloutState, Long> byState;
        Map<RolloutState, Long> releasesByState;
        try (Connection connection = dataSource.getConnection()) {
            byState = countByState(connection, "rollouts");
            releasesByState = countByState(connection, "releases");
            // Waiting since the event that entered the wait: updated_at moves with every later event.
            try (PreparedStatement query = connection.prepareStatement("""
                    SELECT count(*), min(waiting.since)
                    FROM rollouts r
                    CROSS JOIN LATERAL (SELECT max(e.at) AS since FROM events e
                                        WHERE e.rollout_id = r.id AND e.type = ?) waiting
                    WHERE r.state = ?""")) {
                query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
                query.setString(1, EventType.WAITING_FOR_APPROVAL.name());
                query.setString(2, RolloutState.WAITING_FOR_APPROVAL.name());
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        pending = row.getLong(1);
                        OffsetDateTime since = row.getObject(2, OffsetDateTime.class);
                        oldest = since == null ? null : since.toInstant();
                    }
                }
            }
        }
        return new Snapshot(now, byState, releasesByState, pending, oldest);
    }

    private static Map<RolloutState, Long> countByState(Connection connection, String table) throws SQLException {
        Map<RolloutState, Long> byState = new EnumMap<>(RolloutState.class);
        try (PreparedStatement query = connection.prepareStatement("SELECT state, count(*) FROM " + table
                + " GROUP BY state")) {
            query.setQueryTimeout(QUERY_TIMEOUT_SECONDS);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    byState.put(RolloutState.valueOf(rows.getString(1)), rows.getLong(2));
                }
            }
        }
        return byState;
    }
}
