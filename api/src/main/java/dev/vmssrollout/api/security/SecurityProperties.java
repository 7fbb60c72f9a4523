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
 * @param signIn     how failed sign-ins (local mode) are throttled
 * @param demoUsersOnNetwork start with demo users (a plain-text password equal to the name, as the packaged
 *                   alice/alice) even when the API listens beyond loopback; off by default
 */
@ConfigurationProperties("vmss.security")
public record SecurityProperties(@DefaultValue("local") Mode mode, List<LocalUser> users,
                                 @DefaultValue Jwt jwt, @DefaultValue("true") boolean publicDocs,
                                 @DefaultValue SignIn signIn, @DefaultValue("false") boolean demoUsersOnNetwork) {

    public enum Mode { LOCAL, JWT }

    public SecurityProperties {
        users = users == null ? List.of() : List.copyOf(users);
    }

    public record LocalUser(String name, String password, List<String> roles) {

        public LocalUser {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }

        /** The packaged alice/alice and its like: a plain-text password that is the user's own name. */
        public boolean isDemo() {
            if (name == null || password == null) {
                return false;
            }
            String plain = password.startsWith("{noop}") ? password.substring("{noop}".length()) : password;
            return !plain.startsWith("{") && plain.equalsIgnoreCase(name.strip());
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
    /**
     * Failed sign-ins (HTTP Basic or the dashboard's form) counted per user name and per client address over a
     * sliding window; past either limit, sign-ins for that name or from that address get 429 with
     * {@code Retry-After} until the oldest failure leaves the window.
     */
    public record SignIn(@DefaultValue("5") int maxFailuresPerUser, @DefaultValue("20") int maxFailuresPerAddress,
                         @DefaultValue("15m") java.time.Duration window) {
    }

    public record Jwt(@DefaultValue("roles") String rolesClaim,
                      @DefaultValue("preferred_username") String principalClaim) {
    }
}
