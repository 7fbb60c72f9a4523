package dev.vmssrollout.api.security;

import dev.vmssrollout.api.limits.SlidingWindow;
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
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Throttles password guessing in local mode: every request that presents a user name and password (HTTP Basic, or
 * the dashboard's sign-in form) is refused with 429 and {@code Retry-After} while its user name or its client
 * address has had too many failed sign-ins within the window; every failed sign-in is logged with the user name
 * and address, never the password. A successful sign-in clears its user name's failures, not its address's.
 */
class SignInThrottle extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);
    private static final int LOGGED_NAME_LENGTH = 64;

    private final SlidingWindow byUser;
    private final SlidingWindow byAddress;
    private final ProblemWriter problems;
    private final Clock clock;

    SignInThrottle(SecurityProperties.SignIn settings, ProblemWriter problems, Clock clock) {
        this.byUser = new SlidingWindow(settings.maxFailuresPerUser(), settings.window());
        this.byAddress = new SlidingWindow(settings.maxFailuresPerAddress(), settings.window());
        this.problems = problems;
        this.clock = clock;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<String> user = attemptedUser(request);
        if (user.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String name = user.get();
        String address = request.getRemoteAddr();
        Instant now = clock.instant();
        Optional<Duration> wait = longer(byUser.blockedFor(name, now), byAddress.blockedFor(address, now));
        if (wait.isPresent()) {
            log.warn("sign-in refused, too many failures: user \"{}\" from {}", loggable(name), address);
            long seconds = Math.max(1, wait.get().toSeconds() + (wait.get().toMillisPart() > 0 ? 1 : 0));
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
            problems.write(request, response, Problems.of(ProblemType.TOO_MANY_REQUESTS,
                    "too many failed sign-ins for this user or from this address; try again in " + seconds + " s"));
            return;
        }
        chain.doFilter(request, response);
        if (response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            byUser.record(name, now);
            byAddress.record(address, now);
            log.warn("failed sign-in: user \"{}\" from {}", loggable(name), address);
        } else if (response.getStatus() < 400) {
            byUser.clear(name);
        }
    }

    /** The user name a request signs in with, if it presents a password at all. */
    static Optional<String> attemptedUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return Optional.of(colon < 0 ? decoded : decoded.substring(0, colon));
            } catch (IllegalArgumentException notBase64) {
                return Optional.of("");
            }
        }
        if ("POST".equals(request.getMethod()) && request.getRequestURI().equals(request.getContextPath() + SessionLogin.PATH)) {
            String name = request.getParameter("username");
            return Optional.of(name == null ? "" : name);
        }
        return Optional.empty();
    }

    /** A user name as typed by anyone: no line breaks or control characters in the log, and not too long. */
    static String loggable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(LOGGED_NAME_LENGTH).forEach(c -> {
            if (Character.isISOControl(c) || c == '"' || c == '\\' || Character.getType(c) == Character.FORMAT) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return name.codePointCount(0, name.length()) > LOGGED_NAME_LENGTH ? out + "..." : out.toString();
    }

    private static Optional<Duration> longer(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        return b.isPresent() && b.get().compareTo(a.get()) > 0 ? b : a;
    }
}
