package dev.vmssrollout.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.release.NewRelease;
import dev.vmssrollout.model.release.ReleaseDetails;
import dev.vmssrollout.model.release.ReleaseStore;
import dev.vmssrollout.model.release.ReleaseSummary;
import dev.vmssrollout.model.schedule.WindowOverride;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/** The release store on PostgreSQL (tables of V6__releases.sql). Thread-safe. */
public final class JdbcReleaseStore implements ReleaseStore {

    private final ReleaseWrites writes;
    private final ReleaseReads reads;

    public JdbcReleaseStore(DataSource dataSource) {
        this(dataSource, new ObjectMapper(), Clock.systemUTC());
    }

    public JdbcReleaseStore(DataSource dataSource, ObjectMapper objectMapper, Clock clock) {
        Objects.requireNonNull(dataSource, "dataSource");
        JdbcClient jdbc = JdbcClient.create(dataSource);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        TransactionTemplate readTx = new TransactionTemplate(transactions);
        readTx.setReadOnly(true);
        // A release and its scale sets' rollouts are read with two queries; one snapshot keeps them consistent.
        readTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        StoreJson json = new StoreJson(objectMapper);
        this.reads = new ReleaseReads(jdbc, readTx, json);
        this.writes = new ReleaseWrites(jdbc, new TransactionTemplate(transactions), json, clock);
    }

    @Override
    public ReleaseDetails create(NewRelease release) {
        Objects.requireNonNull(release, "release");
        return StoreFailures.guard("createRelease", () -> {
            writes.create(release);
            return reads.find(release.releaseId()).orElseThrow();
        });
    }

    @Override
    public Optional<ReleaseDetails> find(String releaseId) {
        Objects.requireNonNull(releaseId, "releaseId");
        return StoreFailures.guard("findRelease", () -> reads.find(releaseId));
    }

    @Override
    public List<ReleaseSummary> list(int limit, int offset) {
        return StoreFailures.guard("listReleases", () -> reads.list(limit, offset));
    }

    @Override
    public List<String> nonTerminal() {
        return StoreFailures.guard("nonTerminalReleases", reads::nonTerminal);
    }

    @Override
    public void recordState(String releaseId, RolloutState state, String reason, Integer currentStage) {
        Objects.requireNonNull(state, "state");
        StoreFailures.guard("recordReleaseState", () -> {
            writes.recordState(releaseId, state, reason, currentStage);
            return null;
        });
    }

    @Override
    public void linkRollout(String releaseId, int stage, int position, String rolloutId) {
        StoreFailures.guard("linkRollout", () -> {
            writes.link("rollout_id", releaseId, stage, position, rolloutId);
            return null;
        });
    }

    @Override
    public void linkRollback(String releaseId, int stage, int position, String rolloutId) {
        StoreFailures.guard("linkRollback", () -> {
            writes.link("rollback_rollout_id", releaseId, stage, position, rolloutId);
            return null;
        });
    }

    @Override
    public Optional<String> linkedRollout(String releaseId, int stage, int position, boolean rollback) {
        return StoreFailures.guard("linkedRollout", () -> reads.linkedRollout(releaseId, stage, position, rollback));
    }

    @Override
    public void recordOverride(String releaseId, WindowOverride override) {
        Objects.requireNonNull(override, "override");
        StoreFailures.guard("recordReleaseOverride", () -> {
            writes.recordOverride(releaseId, override);
            return null;
        });
    }
}
