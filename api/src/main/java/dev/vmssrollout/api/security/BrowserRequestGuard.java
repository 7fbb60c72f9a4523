package dev.vmssrollout.api.security;

import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.ProblemWriter;
import dev.vmssrollout.api.problems.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.filter.OncePerRequestFilter;

import java.io.IOException;
import java.util.Set;

/**
 * CSRF protection for browsers. A browser attaches its credentials (the dashboard's session cookie, or HTTP Basic
 * credentials it cached after its own prompt) to every request to this origin, a cross-site form post included; it
 * cannot add a custom header to a cross-site request without a CORS preflight, which this API never grants. So a
 * state-changing request that bears a browser's marks (a cookie, an {@code Origin}, a {@code Sec-Fetch-*} header)
 * must carry {@code X-Requested-With: vmss-rollout}, which the dashboard sends, or {@code Sec-Fetch-Site:
 * same-origin}, which only the browser itself can set and only for requests made by this origin's own pages (Swagger
 * UI's "Try it out" relies on it). Clients that are not browsers (the CLI, curl, scripts) send none of those marks
 * and have no ambient credentials to abuse, so they are not asked for anything.
 */
public final class BrowserRequestGuard extends OncePerRequestFilter {

    public static final String HEADER = "X-Requested-With";
    public static final String VALUE = "vmss-rollout";

    private static final String FETCH_SITE = "Sec-Fetch-Site";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    private final ProblemWriter problems;

    BrowserRequestGuard(ProblemWriter problems) {
        this.problems = problems;
    }

    /** The dashboard's own scripts: its fetch calls carry the header, its event stream asks for text/event-stream. */
    static boolean fromDashboard(HttpServletRequest request) {
        String accept = request.getHeader(HttpHeaders.ACCEPT);
        return VALUE.equals(request.getHeader(HEADER))
                || (accept != null && accept.contains(MediaType.TEXT_EVENT_STREAM_VALUE));
    }

    static boolean fromBrowser(HttpServletRequest request) {
        return request.getHeader(HttpHeaders.COOKIE) != null || request.getHeader(HttpHeaders.ORIGIN) != null
                || request.getHeader(FETCH_SITE) != null || request.getHeader("Sec-Fetch-Mode") != null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (SAFE_METHODS.contains(request.getMethod()) || !fromBrowser(request) || VALUE.equals(request.getHeader(HEADER))
                || "same-origin".equals(request.getHeader(FETCH_SITE))) {
            chain.doFilter(request, response);
            return;
        }
        ProblemDetail problem = Problems.of(ProblemType.FORBIDDEN, "cross-site request refused: a browser's "
                + request.getMethod() + " " + request.getRequestURI() + " must carry the header " + HEADER + ": "
                + VALUE + " (the dashboard sends it; other sites cannot)");
        problem.setProperty("requiredHeader", HEADER + ": " + VALUE);
        problems.write(request, response, problem);
    }
}
