package dev.vmssrollout.api.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * How callers authenticate ({@code vmss.security.*}).
 *
 * @param mode       {@code local}: HTTP Basic against {@code users} (development and the local stack);
 *                   {@code jwt}: OAuth2 bearer tokens checked against
 *                   {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or {@code jwk-set-uri}
 * @param users      local mode's users; a password without a {@code {id}} prefix is taken as plain text
 * @param publicDocs serve /v3/api-docs and /swagger-ui.html without authentication
 */
@ConfigurationProperties("vmss.security")
public record SecurityProperties(@DefaultValue("local") Mode mode, List<LocalUser> users,
                                 @DefaultValue Jwt jwt, @DefaultValue("true") boolean publicDocs) {

    public enum Mode { LOCAL, JWT }

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record LocalUser(String name, String password, List<String> roles) {

        public LocalUser {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        @Override
        public String toString() {
            return "LocalUser[" + name + ", roles=" + roles + "]"; // never the password
        }
    }

    /**
     * @param rolesClaim     the claim holding the caller's roles; a dotted path reaches into objects
     *                       ({@code realm_access.roles}); values are matched to {@link Roles} as they are
     * @param principalClaim the claim that names the caller in the event log and for four-eyes; {@code sub} when absent
     */
    public record Jwt(@DefaultValue("roles") String rolesClaim,
                      @DefaultValue("preferred_username") String principalClaim) {
    }
}
