package dev.vmssrollout.model.store;

import java.time.Duration;

/**
 * What lets a workflow tell the API's requests from anything else that reaches the Temporal
 * namespace (SECURITY.md, "the Temporal side door"). The API writes first, the workflow checks:
 * a raw Temporal client can start workflows and send signals, but it cannot write these rows.
 */
public interface WorkflowGuard {

    /**
     * A fresh, unguessable token for the next workflow run of a rollout, written before that run
     * is started; it releases the claim of any earlier run.
     *
     * @throws UnknownRolloutException no such rollout
     */
    String issueClaimToken(String rolloutId);

    /**
     * The workflow run's first activity: the rollout exists, has not ended, was started with the
     * token last issued, and no other run claimed it since. The first run to present the token owns
     * the rollout; a retry of the same run is granted again. Nothing is written when refused.
     */
    ClaimVerdict claim(RolloutClaim claim);

    /** Stored before the API sends the signal, update or workflow start that names {@code request.id()}. */
    void recordRequest(ApiRequest request);

    /**
     * Marks the request consumed when it exists, matches (action, subject, the same person), was
     * not consumed by another workflow before and is younger than {@code maxAge}.
     *
     * @return why it is refused, or null when it is the API's own request
     */
    String consumeRequest(ApiRequest request, Duration maxAge);
}
