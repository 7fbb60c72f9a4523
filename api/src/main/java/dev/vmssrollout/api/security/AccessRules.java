package dev.vmssrollout.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

import java.util.List;
import java.util.Optional;

/**
 * Which role each endpoint needs, in one table: the filter chain is built from it, and a 403 quotes
 * it. Endpoints not listed need an authenticated caller and nothing more.
 */
final class AccessRules {

    record Rule(HttpMethod method, String pattern, String role, RequestMatcher matcher) {
        Rule(HttpMethod method, String pattern, String role) {
            this(method, pattern, role, PathPatternRequestMatcher.withDefaults().matcher(method, pattern));
        }
    }

    static final List<Rule> RULES = List.of(
            new Rule(HttpMethod.POST, "/api/v1/rollouts", Roles.SUBMIT),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/preview", Roles.SUBMIT),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/approve", Roles.APPROVE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/pause", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/resume", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/cancel", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/rollback", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/retry", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/override", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/rollouts/{id}/override/approve", Roles.APPROVE),
            new Rule(HttpMethod.POST, "/api/v1/releases", Roles.SUBMIT),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/approve", Roles.APPROVE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/resume", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/retry", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/rollback", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/abort", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/override", Roles.OPERATE),
            new Rule(HttpMethod.POST, "/api/v1/releases/{id}/override/approve", Roles.APPROVE),
            // Each read spends the scale set's Azure read budget: for those who may submit a rollout to it.
            new Rule(HttpMethod.GET, "/api/v1/scalesets/{subscriptionId}/{resourceGroup}/{name}", Roles.SUBMIT),
            new Rule(HttpMethod.GET, "/api/v1/scalesets", Roles.SUBMIT),
            new Rule(HttpMethod.PUT, "/api/v1/calendars/{name}", Roles.CALENDARS),
            new Rule(HttpMethod.DELETE, "/api/v1/calendars/{name}", Roles.CALENDARS));

    /** Paths anyone may read: health for load balancers, the error page, and (when configured) the API docs. */
    static final String[] HEALTH = {"/actuator/health", "/actuator/health/**", "/error"};
    /** The dashboard's pages, scripts and styles: they hold no data, and the sign-in page must load without a session. */
    static final String[] DASHBOARD = {"/", "/dashboard", "/dashboard/**"};
    /** Swagger UI's pages, which get a looser style policy (see SecurityConfig). */
    static final RequestMatcher DOCS_UI = new OrRequestMatcher(
            PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui.html"),
            PathPatternRequestMatcher.withDefaults().matcher("/swagger-ui/**"));
    static final String[] DOCS = {"/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**"};

    private AccessRules() {
    }

    static Optional<Rule> ruleFor(HttpServletRequest request) {
        return RULES.stream().filter(rule -> rule.matcher().matches(request)).findFirst();
    }
}
