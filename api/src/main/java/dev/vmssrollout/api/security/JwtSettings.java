package dev.vmssrollout.api.security;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;

import java.time.Instant;
import java.util.Objects;

/**
 * JWT mode's rules beyond a valid signature: a token must name this API as its audience (Spring Boot checks
 * {@code spring.security.oauth2.resourceserver.jwt.audiences}, which must be set) and must expire (Spring's own
 * timestamp check lets a token without {@code exp} live forever). Boot adds validator beans to its decoder.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "vmss.security.mode", havingValue = "jwt")
class JwtSettings {

    static final String AUDIENCES = "spring.security.oauth2.resourceserver.jwt.audiences";

    @Bean
    OAuth2TokenValidator<Jwt> expiryRequired() {
        return new JwtClaimValidator<Instant>(JwtClaimNames.EXP, Objects::nonNull);
    }

    /** Refuses to start without an audience: any token the issuer signs, for any application, would do. */
    static void requireAudience(OAuth2ResourceServerProperties.Jwt jwt) {
        if (jwt.getAudiences() == null || jwt.getAudiences().stream().allMatch(a -> a == null || a.isBlank())) {
            throw new IllegalStateException("vmss.security.mode=jwt needs the audience this API accepts: set " + AUDIENCES
                    + " (SPRING_SECURITY_OAUTH2_RESOURCESERVER_JWT_AUDIENCES), e.g. api://vmss-rollout; without it a "
                    + "token the issuer signed for any other application would be accepted");
        }
    }
}
