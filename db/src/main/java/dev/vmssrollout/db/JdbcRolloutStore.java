package dev.vmssrollout.db;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.ResumableRollout;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutPage;
import dev.vmssrollout.model.store.RolloutQuery;
import dev.vmssrollout.model.store.RolloutStore;
import dev.vmssrollout.model.store.RolloutSummary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The rollout store on PostgreSQL (schema: {@link DatabaseMigrations}). Thread-safe; give it a
 * pooled DataSource in production. The ObjectMapper is copied, and the settings the stored JSON
 * depends on are fixed on the copy (see {@link StoreJson}), so the caller's HTTP settings never
 * change what is written to the database.
 */
public final class JdbcRolloutStore implements RolloutStore {

    private final RolloutCreation creation;
    private final ProgressProjection projection;
    private final RolloutReads reads;
    private final ResumePoints resumePoints;
    private final WorkflowClaims claims;

    public JdbcRolloutStore(DataSource dataSource) {
        this(dataSource, new ObjectMapper());
    }

    public JdbcRolloutStore(DataSource dataSource, ObjectMapper objectMapper) {
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(objectMapper, "objectMapper");
        JdbcTemplate jdbcTemplate = new JdbcTemplate(dataSource);
        JdbcClient jdbc = JdbcClient.create(jdbcTemplate);
        DataSourceTransactionManager transactions = new DataSourceTransactionManager(dataSource);
        TransactionTemplate writeTx = new TransactionTemplate(transactions);
        // A rollout is read with several queries; one snapshot keeps them consistent with each other.
        TransactionTemplate readTx = new TransactionTemplate(transactions);
        readTx.setReadOnly(true);
        readTx.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        StoreJson json = new StoreJson(objectMapper);
        this.reads = new RolloutReads(jdbc, readTx, json);
        this.creation = new RolloutCreation(jdbc, writeTx, json, reads);
        this.projection = new ProgressProjection(jdbcTemplate, writeTx, json);
        this.resumePoints = new ResumePoints(jdbc, readTx, json);
        this.claims = new WorkflowClaims(jdbc, writeTx, json, Clock.systemUTC());
    }

    @Override
    public Created create(NewRollout rollout) {
        Objects.requireNonNull(rollout, "rollout");
        return StoreFailures.guard("create", () -> creation.create(rollout));
    }

    @Override
    public boolean record(ProgressEvent event) {
        Objects.requireNonNull(event, "event");
        return StoreFailures.guard("record", () -> projection.record(event));
    }

    @Override
    public Optional<RolloutDetails> find(String rolloutId) {
        Objects.requireNonNull(rolloutId, "rolloutId");
        return StoreFailures.guard("find", () -> reads.find(rolloutId));
    }

    @Override
    public OptionalLong version(String rolloutId) {
        Objects.requireNonNull(rolloutId, "rolloutId");
        return StoreFailures.guard("version", () -> reads.version(rolloutId));
    }

    @Override
    public Optional<RolloutDetails> findBySubmissionKey(String submittedBy, String idempotencyKey) {
        Objects.requireNonNull(submittedBy, "submittedBy");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        return StoreFailures.guard("findBySubmissionKey", () -> creation.bySubmissionKey(submittedBy, idempotencyKey));
    }

    @Override
    public void forgetRequest(String requestId) {
        Objects.requireNonNull(requestId, "requestId");
        StoreFailures.guard("forgetRequest", () -> {
            claims.forgetRequest(requestId);
            return null;
        });
    }

    @Override
    public RolloutPage list(RolloutQuery query) {
        Objects.requireNonNull(query, "query");
        return StoreFailures.guard("list", () -> reads.list(query));
    }

    @Override
    public Optional<RolloutSummary> findActive(ScaleSetRef scaleSet) {
        Objects.requireNonNull(scaleSet, "scaleSet");
        return StoreFailures.guard("findActive", () -> reads.findActive(scaleSet));
    }

    @Override
    public List<ResumableRollout> nonTerminal() {
        return StoreFailures.guard("nonTerminal", resumePoints::nonTerminal);
    }

    @Override
    public String issueClaimToken(String rolloutId) {
        Objects.requireNonNull(rolloutId, "rolloutId");
        return StoreFailures.guard("issueClaimToken", () -> claims.issueClaimToken(rolloutId));
    }

    @Override
    public Optional<String> reissueClaimToken(String rolloutId, String seenToken) {
        Objects.requireNonNull(rolloutId, "rolloutId");
        return StoreFailures.guard("reissueClaimToken", () -> claims.reissueClaimToken(rolloutId, seenToken));
    }

    @Override
    public ClaimVerdict claim(RolloutClaim claim) {
        Objects.requireNonNull(claim, "claim");
        return StoreFailures.guard("claim", () -> claims.claim(claim));
    }

    @Override
    public void recordRequest(ApiRequest request) {
        Objects.requireNonNull(request, "request");
        StoreFailures.guard("recordRequest", () -> {
            claims.recordRequest(request);
            return null;
        });
    }

    @Override
    public String consumeRequest(ApiRequest request, Duration maxAge) {
        Objects.requireNonNull(request, "request");
        return StoreFailures.guard("consumeRequest", () -> claims.consumeRequest(request, maxAge));
    }
}
