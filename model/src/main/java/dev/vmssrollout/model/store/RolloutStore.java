package dev.vmssrollout.model.store;

import dev.vmssrollout.model.ScaleSetRef;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Rollout plans and their progress. Nothing is ever deleted; a rollout reaches a terminal state
 * only through {@link #record}. Every method throws {@link StoreUnavailableException} when the
 * database cannot be reached.
 */
public interface RolloutStore extends ProgressRecorder {

    /**
     * Stores a new rollout (PENDING) together with its first event (seq 1, SUBMITTED).
     * A retry with the same submitter and idempotency key, and the same plan, returns the rollout
     * stored the first time with {@code created == false}.
     *
     * @throws ActiveRolloutExistsException    the scale set already has a rollout that has not finished
     * @throws IdempotencyKeyReusedException   the submitter used the key before for another plan
     */
    Created create(NewRollout rollout);

    Optional<RolloutDetails> find(String rolloutId);

    /**
     * A number that grows with every change to what {@link #find} returns for this rollout (events recorded, analysis
     * samples stored), read without reading the rollout: a reader that kept the rollout with its version knows
     * whether its copy is current. Empty when there is no such rollout.
     */
    OptionalLong version(String rolloutId);

    /** The rollout this submitter stored with this idempotency key, whatever its state (keys are never reused). */
    Optional<RolloutDetails> findBySubmissionKey(String submittedBy, String idempotencyKey);

    /**
     * Deletes an API request row that has served its purpose: an inspection's, once the API has the worker's answer
     * (or gave up waiting), so that a refused submission leaves no row and a late worker finds no request to act on.
     */
    void forgetRequest(String requestId);

    /** Newest first. */
    RolloutPage list(RolloutQuery query);

    /** The scale set's rollout that has not reached a terminal state, if any (names compared as ARM does, ignoring case). */
    Optional<RolloutSummary> findActive(ScaleSetRef scaleSet);

    /** Every rollout that has not reached a terminal state, oldest first, with what a restarted workflow needs. */
    List<ResumableRollout> nonTerminal();

    /**
     * A fresh claim token, as {@link #issueClaimToken}, written only while the rollout still holds {@code seenToken}
     * (null: none), the token {@link #nonTerminal} read: of two reconcilers that found the same lost workflow, only the
     * first starts a run, and the second cannot take that run's claim away.
     *
     * @return empty when another token was issued since
     * @throws UnknownRolloutException no such rollout
     */
    Optional<String> reissueClaimToken(String rolloutId, String seenToken);
}
