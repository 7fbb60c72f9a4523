package dev.vmssrollout.api.security;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A bearer token's caller: identified by a claim the issuer keeps stable (Entra ID's {@code oid}, otherwise
 * {@code iss} and {@code sub}), which is the name recorded as submitter and approver and compared for
 * four-eyes, and shown by a display name (the configured claim, e.g. {@code preferred_username}) that may change
 * or be missing without the caller becoming someone else. Roles come from the configured claim path; roles the
 * API does not know are kept but grant nothing.
 */
class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    /** Entra ID's object ID of the user or service principal: the same in every token, whatever the app. */
    static final String ENTRA_OBJECT_ID = "oid";

    private final String[] rolesPath;
    private final String displayNameClaim;

    JwtRoles(SecurityProperties.Jwt settings) {
        this.rolesPath = settings.rolesClaim().split("\\.");
        this.displayNameClaim = settings.principalClaim();
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String identity = identity(jwt);
        String displayName = jwt.getClaimAsString(displayNameClaim);
        return new JwtCaller(jwt, authorities(jwt.getClaims()), identity,
                displayName == null || displayName.isBlank() ? identity : displayName);
    }

    /** {@code oid} when the issuer sends one, else {@code <iss>#<sub>}: issuers only promise {@code sub} per issuer. */
    static String identity(Jwt jwt) {
        String objectId = jwt.getClaimAsString(ENTRA_OBJECT_ID);
        if (objectId != null && !objectId.isBlank()) {
            return objectId;
        }
        String subject = jwt.getSubject();
        if (subject == null || subject.isBlank()) {
            // Not a person we can tell apart from another: Spring's 401 for an invalid token.
            throw new org.springframework.security.oauth2.server.resource.InvalidBearerTokenException(
                    "the token names no subject (sub or oid)");
        }
        String issuer = jwt.getClaimAsString("iss");
        return issuer == null || issuer.isBlank() ? subject : issuer + "#" + subject;
    }

    private Collection<GrantedAuthority> authorities(Map<String, Object> claims) {
        Object value = claims;
        for (String part : rolesPath) {
            if (!(value instanceof Map<?, ?> map)) {
                return List.of();
            }
            value = map.get(part);
        }
        if (value instanceof String single) {
            // Some issuers send a space-separated string, as for "scope".
            return Arrays.stream(single.split(" ")).filter(s -> !s.isBlank())
                    .map(s -> (GrantedAuthority) new SimpleGrantedAuthority(s)).toList();
        }
        if (value instanceof Collection<?> many) {
            return many.stream().map(String::valueOf).map(s -> (GrantedAuthority) new SimpleGrantedAuthority(s)).toList();
        }
        return List.of();
    }

    /** A bearer token's authentication that also carries the caller's display name. */
    static final class JwtCaller extends JwtAuthenticationToken {

        private final String displayName;

        JwtCaller(Jwt jwt, Collection<GrantedAuthority> authorities, String identity, String displayName) {
            super(jwt, authorities, identity);
            this.displayName = displayName;
        }

        String displayName() {
            return displayName;
        }

        @Override
        public boolean equals(Object other) {
            return super.equals(other) && other instanceof JwtCaller caller && displayName.equals(caller.displayName);
        }

        @Override
        public int hashCode() {
            return super.hashCode() * 31 + displayName.hashCode();
        }
    }
}
