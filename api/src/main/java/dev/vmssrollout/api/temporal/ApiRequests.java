package dev.vmssrollout.api.temporal;

import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.RolloutStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Writes each request the API sends to a workflow into PostgreSQL first, so the worker can tell it
 * from a signal sent straight to Temporal (SECURITY.md, "the Temporal side door"). A row rather than
 * a signature: no shared secret to distribute and rotate, and the rows double as an audit of what
 * the API asked for.
 */
@Component
public class ApiRequests {

    private static final Logger log = LoggerFactory.getLogger(ApiRequests.class);

    private final RolloutStore store;

    public ApiRequests(RolloutStore store) {
        this.store = store;
    }

    /** @return the request ID to send along with the signal, update or inspection */
    public String record(String action, String subject, String actor) {
        String id = UUID.randomUUID().toString();
        store.recordRequest(new ApiRequest(id, action, subject, actor));
        return id;
    }

    /**
     * Deletes an inspection's request once its answer is in: it was good for that one read only. Best effort: a
     * row left behind (the database failed just now) is refused by the worker an hour later anyway.
     */
    public void forget(String requestId) {
        try {
            store.forgetRequest(requestId);
        } catch (RuntimeException e) {
            log.warn("could not delete used API request {} ({}); it expires on its own", requestId, e.getMessage());
        }
    }

    /** A fresh claim token for the next workflow run of a rollout (it releases any earlier run's claim). */
    public String claimToken(String rolloutId) {
        return store.issueClaimToken(rolloutId);
    }
}
