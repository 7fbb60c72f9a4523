package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.ScaleSetRef;
import dev.vmssrollout.model.progress.EventType;
import dev.vmssrollout.model.progress.ProgressEvent;
import dev.vmssrollout.model.store.ActiveRolloutExistsException;
import dev.vmssrollout.model.store.Created;
import dev.vmssrollout.model.store.IdempotencyKeyReusedException;
import dev.vmssrollout.model.store.NewRollout;
import dev.vmssrollout.model.store.RolloutDetails;
import dev.vmssrollout.model.store.RolloutSummary;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Types;
import java.util.Map;
import java.util.Optional;

/**
 * Stores new rollouts. The database decides every conflict: the insert is attempted and a unique
 * violation is explained afterwards, so two concurrent submissions can never both pass a check.
 */
final class RolloutCreation {

    static final String ONE_ACTIVE_PER_SCALE_SET = "rollouts_one_active_per_scale_set";
    static final String IDEMPOTENCY_KEY = "rollouts_idempotency_key";
    static final String PRIMARY_KEY = "rollouts_pkey";

    // A conflict whose cause is gone when we look (the active rollout just finished) is tried again;
    // three rounds of that in a row would mean something else is wrong.
    private static final int MAX_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final StoreJson json;
    private final EventLog events;
    private final RolloutReads reads;

    RolloutCreation(JdbcClient jdbc, TransactionTemplate tx, StoreJson json, RolloutReads reads) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.events = new EventLog(jdbc, json);
        this.reads = reads;
    }

    Created create(NewRollout rollout) {
        for (int attempt = 1; ; attempt++) {
            Optional<Created> retried = earlierSubmission(rollout);
            if (retried.isPresent()) {
                return retried.get();
            }
            try {
                tx.executeWithoutResult(status -> insert(rollout));
                return new Created(reads.find(rollout.rolloutId()).orElseThrow(), true);
            } catch (DuplicateKeyException e) {
                String constraint = StoreFailures.violatedConstraint(e);
                if (PRIMARY_KEY.equals(constraint)) {
                    return sameIdAgain(rollout, e);
                }
                if (ONE_ACTIVE_PER_SCALE_SET.equals(constraint)) {
                    // With an idempotency key, the active rollout may be this very submission's first attempt.
                    retried = earlierSubmission(rollout);
                    if (retried.isPresent()) {
                        return retried.get();
                    }
                    ScaleSetRef target = rollout.plan().target();
                    Optional<String> active = reads.findActive(target).map(RolloutSummary::id);
                    if (active.isPresent()) {
                        throw new ActiveRolloutExistsException(target, active.get());
                    }
                }
                if (attempt == MAX_ATTEMPTS) {
                    throw new IllegalStateException("could not store rollout " + rollout.rolloutId() + " after "
                            + MAX_ATTEMPTS + " attempts; the last conflict was on " + constraint, e);
                }
            }
        }
    }

    private void insert(NewRollout rollout) {
        ScaleSetRef target = rollout.plan().target();
        jdbc.sql("""
                        INSERT INTO rollouts (id, subscription_id, resource_group, scale_set, state, plan, image_change,
                                              submitted_by, idempotency_key, last_seq, created_at, updated_at)
                        VALUES (:id, :subscriptionId, :resourceGroup, :scaleSet, :state, :plan::jsonb, :imageChange,
                                :submittedBy, :idempotencyKey, 1, :at, :at)""")
                .param("id", rollout.rolloutId())
                .param("subscriptionId", target.subscriptionId())
                .param("resourceGroup", target.resourceGroup())
                .param("scaleSet", target.name())
                .param("state", RolloutState.PENDING.name())
                .param("plan", json.write(rollout.plan()))
                .param("imageChange", rollout.plan().image() == null ? null : rollout.plan().image().toString(), Types.VARCHAR)
                .param("submittedBy", rollout.submittedBy())
                .param("idempotencyKey", rollout.idempotencyKey(), Types.VARCHAR)
                .param("at", Timestamps.toDb(rollout.at()))
                .update();
        events.append(new ProgressEvent(rollout.rolloutId(), 1, rollout.at(), EventType.SUBMITTED,
                rollout.submittedBy(), EventType.SUBMITTED.message(rollout.submittedBy()), RolloutState.PENDING,
                null, null, Map.of(), null, null));
    }

    /** The rollout stored by an earlier submission with the same idempotency key, when there is one. */
    private Optional<Created> earlierSubmission(NewRollout rollout) {
        if (rollout.idempotencyKey() == null) {
            return Optional.empty();
        }
        return bySubmissionKey(rollout.submittedBy(), rollout.idempotencyKey())
                .map(existing -> {
                    if (!existing.plan().equals(rollout.plan())) {
                        throw new IdempotencyKeyReusedException(rollout.submittedBy(), rollout.idempotencyKey(), existing.id());
                    }
                    return new Created(existing, false);
                });
    }

    /** The rollout a submitter stored with this idempotency key, whatever its state. */
    Optional<RolloutDetails> bySubmissionKey(String submittedBy, String idempotencyKey) {
        return jdbc.sql("SELECT id FROM rollouts WHERE submitted_by = :submittedBy AND idempotency_key = :key")
                .param("submittedBy", submittedBy)
                .param("key", idempotencyKey)
                .query(String.class)
                .optional()
                .flatMap(reads::find);
    }

    /** A create retried with the rollout ID it already stored is a retry; anything else under that ID is a bug. */
    private Created sameIdAgain(NewRollout rollout, DuplicateKeyException conflict) {
        RolloutDetails existing = reads.find(rollout.rolloutId()).orElseThrow(() -> conflict);
        if (existing.plan().equals(rollout.plan()) && existing.submittedBy().equals(rollout.submittedBy())) {
            return new Created(existing, false);
        }
        throw new IllegalStateException("rollout ID " + rollout.rolloutId() + " is already taken by another rollout "
                + "(submitted by " + existing.submittedBy() + "); rollout IDs must be unique", conflict);
    }
}
