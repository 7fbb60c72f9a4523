package dev.vmssrollout.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.ProblemWriter;
import dev.vmssrollout.api.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;

import java.io.IOException;

/**
 * The dashboard's sign-in ({@code POST /api/v1/session} with form fields {@code username} and {@code password},
 * local mode only): answers JSON instead of redirects, since the dashboard's script made the request.
 */
class SessionLogin {

    static final String PATH = "/api/v1/session";
    static final String SIGN_IN_PAGE = "/dashboard/signin";

    private final ObjectMapper json;
    private final ProblemWriter problems;
    private final boolean fourEyes;

    SessionLogin(ObjectMapper json, ProblemWriter problems, boolean fourEyes) {
        this.json = json;
        this.problems = problems;
        this.fourEyes = fourEyes;
    }

    void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException {
        response.setStatus(HttpServletResponse.SC_OK);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), MeView.of(authentication, request, fourEyes));
    }

    void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        // The same answer for an unknown user and a wrong password: it must not tell which names exist.
        problems.write(request, response, Problems.of(ProblemType.UNAUTHENTICATED,
                "the user name or password was not accepted"));
    }
}
