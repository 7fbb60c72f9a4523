package dev.vmssrollout.api.security;

import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.ProblemWriter;
import dev.vmssrollout.api.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;

import java.io.IOException;

/**
 * 401 as a problem, with the challenge the mode calls for. Spring Security's own entry points set
 * the challenge (the bearer one adds RFC 6750 error details); this one adds a body that says what to send.
 */
class ProblemAuthenticationEntryPoint implements AuthenticationEntryPoint {

    private final AuthenticationEntryPoint challenge;
    private final String expected;
    private final ProblemWriter problems;

    ProblemAuthenticationEntryPoint(AuthenticationEntryPoint challenge, String expected, ProblemWriter problems) {
        this.challenge = challenge;
        this.expected = expected;
        this.problems = problems;
    }

    /**
     * HTTP Basic: a plain challenge, without the container's error page that Spring's Basic entry point would send.
     * The dashboard's own requests are challenged to sign in instead: a Basic challenge would make the browser pop
     * up its prompt and then send the cached credentials with every request, cross-site ones included.
     */
    static AuthenticationEntryPoint basic(String realm) {
        return (request, response, e) -> response.setHeader(HttpHeaders.WWW_AUTHENTICATE,
                (BrowserRequestGuard.fromDashboard(request) ? "Session" : "Basic") + " realm=\"" + realm + "\"");
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, jakarta.servlet.ServletException {
        challenge.commence(request, response, e);
        boolean presented = request.getHeader(HttpHeaders.AUTHORIZATION) != null;
        // The reason names the failure kind only: never the presented credentials or token.
        String detail = presented ? "the credentials were not accepted (" + e.getClass().getSimpleName()
                .replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase() + "); send " + expected
                : "this endpoint needs authentication: send " + expected;
        problems.write(request, response, Problems.of(ProblemType.UNAUTHENTICATED, detail));
    }
}
