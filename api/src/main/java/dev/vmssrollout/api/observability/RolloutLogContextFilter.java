package dev.vmssrollout.api.observability;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.MDC;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the rollout ID of a request to /api/v1/rollouts/{id}/... into the MDC as {@code rolloutId}
 * (the name the worker uses), so the API's log lines about a rollout can be found with the worker's.
 * Structured logs (logging.structured.format.console) carry it as a field; the console pattern
 * prints it through logging.pattern.correlation.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class RolloutLogContextFilter extends OncePerRequestFilter {

    static final String ROLLOUT_ID = "rolloutId";
    private static final Pattern ROLLOUT_PATH = Pattern.compile("^/api/v1/rollouts/([^/]+)(?:/.*)?$");
    /** Paths under /api/v1/rollouts/ that are not rollout IDs. */
    private static final Set<String> NOT_IDS = Set.of("preview");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Matcher matcher = ROLLOUT_PATH.matcher(request.getRequestURI().substring(request.getContextPath().length()));
        if (!matcher.matches() || NOT_IDS.contains(matcher.group(1))) {
            chain.doFilter(request, response);
            return;
        }
        MDC.put(ROLLOUT_ID, matcher.group(1));
        try {
            chain.doFilter(request, response);
        } finally {
            MDC.remove(ROLLOUT_ID);
        }
    }
}
