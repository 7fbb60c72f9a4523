package dev.vmssrollout.api.security;

import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.ProblemWriter;
import dev.vmssrollout.api.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtDecoderInitializationException;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A bearer token that cannot be checked because the issuer (its metadata or its keys) is unreachable is the
 * issuer's outage, not the caller's fault and not ours: 503 with a problem and {@code Retry-After}, and one log
 * line per interval instead of a stack trace per request. Spring Security lets these failures escape its
 * filters (a {@link JwtDecoderInitializationException} for issuer metadata, an
 * {@link AuthenticationServiceException} over a {@link JwtException} for the key set), which became 500s.
 */
class TokenIssuerUnavailableFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(TokenIssuerUnavailableFilter.class);
    static final Duration LOG_INTERVAL = Duration.ofMinutes(1);
    static final int RETRY_AFTER_SECONDS = 30;

    private final ProblemWriter problems;
    private final Clock clock;
    private final AtomicReference<Instant> lastLogged = new AtomicReference<>(Instant.MIN);
    private final AtomicLong unloggedSince = new AtomicLong();

    TokenIssuerUnavailableFilter(ProblemWriter problems, Clock clock) {
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            chain.doFilter(request, response);
        } catch (RuntimeException e) {
            if (!issuerUnavailable(e) || response.isCommitted()) {
                throw e;
            }
            logOncePerInterval(e);
            response.setHeader(HttpHeaders.RETRY_AFTER, Integer.toString(RETRY_AFTER_SECONDS));
            problems.write(request, response, Problems.of(ProblemType.DEPENDENCY_UNAVAILABLE,
                    "the bearer token cannot be checked now: the token issuer is unreachable; try again later"));
        }
    }

    /** True for failures to reach the issuer, never for a bad token (which stays a 401). */
    static boolean issuerUnavailable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof JwtDecoderInitializationException) {
                return true;
            }
            if (t instanceof AuthenticationServiceException && t.getCause() instanceof JwtException jwt
                    && !(jwt instanceof BadJwtException)) {
                return true;
            }
        }
        return false;
    }

    private void logOncePerInterval(RuntimeException e) {
        Instant now = clock.instant();
        Instant last = lastLogged.get();
        if (last.plus(LOG_INTERVAL).isAfter(now) || !lastLogged.compareAndSet(last, now)) {
            unloggedSince.incrementAndGet();
            return;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        log.warn("the JWT issuer is unreachable, bearer requests get 503 ({} more since the last such line): {}",
                unloggedSince.getAndSet(0), root.getMessage());
    }
}
