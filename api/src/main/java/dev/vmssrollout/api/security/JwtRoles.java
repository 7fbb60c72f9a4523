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
 * A bearer token's caller: named by the configured claim (falling back to {@code sub}), with the
 * roles found under the configured claim path. Roles the API does not know are kept but grant nothing.
 */
class JwtRoles implements Converter<Jwt, AbstractAuthenticationToken> {

    private final String[] rolesPath;
    private final String principalClaim;

    JwtRoles(SecurityProperties.Jwt settings) {
        this.rolesPath = settings.rolesClaim().split("\\.");
        this.principalClaim = settings.principalClaim();
    }

    @Override
    public AbstractAuthenticationToken convert(Jwt jwt) {
        String name = jwt.getClaimAsString(principalClaim);
        if (name == null || name.isBlank()) {
            name = jwt.getSubject();
        }
        return new JwtAuthenticationToken(jwt, authorities(jwt.getClaims()), name);
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
}
