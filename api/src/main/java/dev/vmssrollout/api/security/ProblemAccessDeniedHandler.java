package dev.vmssrollout.api.security;

import dev.vmssrollout.api.problems.ProblemType;
import dev.vmssrollout.api.problems.ProblemWriter;
import dev.vmssrollout.api.problems.Problems;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;

import java.io.IOException;

/** 403 as a problem that names the role the endpoint needs. */
class ProblemAccessDeniedHandler implements AccessDeniedHandler {

    private final ProblemWriter problems;

    ProblemAccessDeniedHandler(ProblemWriter problems) {
        this.problems = problems;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        String who = request.getUserPrincipal() == null ? "the caller" : request.getUserPrincipal().getName();
        String what = request.getMethod() + " " + request.getRequestURI();
        ProblemDetail problem = AccessRules.ruleFor(request)
                .map(rule -> {
                    ProblemDetail p = Problems.of(ProblemType.FORBIDDEN,
                            who + " lacks role " + rule.role() + ", which " + what + " requires");
                    p.setProperty("requiredRole", rule.role());
                    return p;
                })
                .orElseGet(() -> Problems.of(ProblemType.FORBIDDEN, who + " may not " + what));
        problems.write(request, response, problem);
    }
}
