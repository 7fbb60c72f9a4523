package dev.vmssrollout.db;

import dev.vmssrollout.model.RolloutState;
import dev.vmssrollout.model.identity.Identity;
import dev.vmssrollout.model.store.ApiRequest;
import dev.vmssrollout.model.store.ClaimVerdict;
import dev.vmssrollout.model.store.RolloutClaim;
import dev.vmssrollout.model.store.UnknownRolloutException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Claim tokens and API request rows: see {@link dev.vmssrollout.model.store.WorkflowGuard}. Each
 * check runs in one transaction with the row locked, so two runs racing for one rollout (or two
 * workflows for one request) cannot both win.
 */
final class WorkflowClaims {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final StoreJson json;
    private final Clock clock;

    WorkflowClaims(JdbcClient jdbc, TransactionTemplate tx, StoreJson json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    String issueClaimToken(String rolloutId) {
        String token = newToken();
        int updated = jdbc.sql("UPDATE rollouts SET claim_token = ?, claimed_run = NULL WHERE id = ?")
                .params(token, rolloutId).update();
        if (updated == 0) {
            throw new UnknownRolloutException(rolloutId);
        }
        return token;
    }

    Optional<String> reissueClaimToken(String rolloutId, String seenToken) {
        String token = newToken();
        int updated = jdbc.sql("""
                        UPDATE rollouts SET claim_token = :token, claimed_run = NULL
                        WHERE id = :id AND claim_token IS NOT DISTINCT FROM :seen""")
                .param("token", token).param("id", rolloutId).param("seen", seenToken, java.sql.Types.VARCHAR)
                .update();
        if (updated == 1) {
            return Optional.of(token);
        }
        boolean exists = jdbc.sql("SELECT count(*) FROM rollouts WHERE id = ?").param(rolloutId)
                .query(Integer.class).single() > 0;
        if (!exists) {
            throw new UnknownRolloutException(rolloutId);
        }
        return Optional.empty();
    }

    private static String newToken() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    ClaimVerdict claim(RolloutClaim claim) {
        return tx.execute(status -> decide(claim));
    }

    private ClaimVerdict decide(RolloutClaim claim) {
        String rollout = "rollout " + claim.rolloutId();
        Optional<Map<String, Object>> found = jdbc.sql("""
                        SELECT state, claim_token, claimed_run, submitted_by, plan = ?::jsonb AS same_plan
                        FROM rollouts WHERE id = ? FOR UPDATE""")
                .params(json.write(claim.plan()), claim.rolloutId()).query().listOfRows().stream().findFirst();
        if (found.isEmpty()) {
            return ClaimVerdict.refuse("there is no " + rollout + "; only the API starts rollouts");
        }
        Map<String, Object> row = found.get();
        String state = (String) row.get("state");
        if (isTerminal(state)) {
            return ClaimVerdict.refuse(rollout + " has ended (" + state + "); a workflow cannot start it again");
        }
        if (!claim.resumed() && !RolloutState.PENDING.name().equals(state)) {
            return ClaimVerdict.refuse(rollout + " is " + state + ", not PENDING: it was started before");
        }
        String token = (String) row.get("claim_token");
        if (token == null || claim.token() == null || !constantTimeEquals(token, claim.token())) {
            return ClaimVerdict.refuse("the workflow does not carry the claim token the API issued for " + rollout
                    + "; it was not started by the API or the reconciler");
        }
        String claimedRun = (String) row.get("claimed_run");
        boolean handedOver = claimedRun != null && claimedRun.equals(claim.previousRun());
        if (claimedRun != null && !claimedRun.equals(claim.run()) && !handedOver) {
            return ClaimVerdict.refuse(rollout + " belongs to workflow run " + claimedRun);
        }
        if (!Boolean.TRUE.equals(row.get("same_plan")) || !Objects.equals(row.get("submitted_by"), claim.submittedBy())) {
            return ClaimVerdict.refuse("the workflow's plan or submitter differs from what was submitted as " + rollout);
        }
        if (!claim.run().equals(claimedRun)) {
            jdbc.sql("UPDATE rollouts SET claimed_run = ? WHERE id = ?").params(claim.run(), claim.rolloutId()).update();
        }
        return ClaimVerdict.grant();
    }

    void recordRequest(ApiRequest request) {
        jdbc.sql("INSERT INTO api_requests (id, action, subject, actor, created_at) VALUES (?, ?, ?, ?, ?)")
                .params(request.id(), request.action(), request.subject(), request.actor(), Timestamp.from(clock.instant()))
                .update();
    }

    void forgetRequest(String requestId) {
        jdbc.sql("DELETE FROM api_requests WHERE id = ?").param(requestId).update();
    }

    String consumeRequest(ApiRequest request, Duration maxAge) {
        if (request.id() == null || request.id().isBlank()) {
            return "it names no API request";
        }
        return tx.execute(status -> {
            Optional<Map<String, Object>> found = jdbc.sql(
                            "SELECT action, subject, actor, created_at, consumed_at FROM api_requests WHERE id = ? FOR UPDATE")
                    .param(request.id()).query().listOfRows().stream().findFirst();
            if (found.isEmpty()) {
                return "the API made no request " + request.id();
            }
            Map<String, Object> row = found.get();
            if (!request.action().equals(row.get("action")) || !request.subject().equals(row.get("subject"))
                    || request.actor() != null && !Identity.samePerson((String) row.get("actor"), request.actor())) {
                return "API request " + request.id() + " was for another action, subject or person";
            }
            if (row.get("consumed_at") != null) {
                return "API request " + request.id() + " was used before";
            }
            Instant created = ((Timestamp) row.get("created_at")).toInstant();
            if (created.plus(maxAge).isBefore(clock.instant())) {
                return "API request " + request.id() + " expired (older than " + maxAge + ")";
            }
            jdbc.sql("UPDATE api_requests SET consumed_at = ? WHERE id = ?")
                    .params(Timestamp.from(clock.instant()), request.id()).update();
            return null;
        });
    }

    private static boolean isTerminal(String state) {
        try {
            return RolloutState.valueOf(state).isTerminal();
        } catch (IllegalArgumentException unknownToThisVersion) {
            return StateRules.TERMINAL_ROLLOUT_STATES.contains(state);
        }
    }

    private static boolean constantTimeEquals(String a, String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                b.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
