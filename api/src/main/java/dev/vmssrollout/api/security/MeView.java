package dev.vmssrollout.api.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;

import java.util.List;

/**
 * Who the caller is, for the dashboard to show only the actions they may take.
 *
 * @param name            who the caller is for four-eyes and in the event log: the user name, or a bearer token's
 *                        stable identity ({@code oid}, or {@code <iss>#<sub>})
 * @param displayName     how to address the caller (a bearer token's {@code preferred_username}); the name otherwise
 * @param roles           the caller's authorities, sorted
 * @param fourEyes        whether a rollout's submitter is barred from approving it
 * @param authenticatedBy {@code session} (dashboard sign-in), {@code basic} or {@code bearer}
 */
public record MeView(String name, String displayName, List<String> roles, boolean fourEyes, String authenticatedBy) {

    static MeView of(Authentication authentication, HttpServletRequest request, boolean fourEyes) {
        List<String> roles = authentication.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .sorted().toList();
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String by = header == null ? "session"
                : header.regionMatches(true, 0, "Bearer ", 0, 7) ? "bearer" : "basic";
        String displayName = authentication instanceof JwtRoles.JwtCaller caller ? caller.displayName()
                : authentication.getName();
        return new MeView(authentication.getName(), displayName, roles, fourEyes, by);
    }
}
