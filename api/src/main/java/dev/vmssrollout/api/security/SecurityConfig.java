package dev.vmssrollout.api.security;

import dev.vmssrollout.api.problems.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Who may call what. Stateless: every request carries its credentials (HTTP Basic locally, a bearer
 * token in production), no session and no cookie, hence no CSRF token either.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    private static final String REALM = "vmss-rollout";

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ProblemWriter problems,
                            ObjectProvider<JwtDecoder> jwtDecoder) throws Exception {
        if (properties.mode() == SecurityProperties.Mode.JWT && jwtDecoder.getIfAvailable() == null) {
            throw new IllegalStateException("vmss.security.mode=jwt needs the token issuer: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri, or public-key-location)");
        }
        AuthenticationEntryPoint entryPoint = properties.mode() == SecurityProperties.Mode.JWT
                ? new ProblemAuthenticationEntryPoint(new BearerTokenAuthenticationEntryPoint(), "a bearer token", problems)
                : new ProblemAuthenticationEntryPoint(ProblemAuthenticationEntryPoint.basic(REALM),
                        "HTTP Basic credentials", problems);
        http.csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .anonymous(Customizer.withDefaults())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(AccessRules.HEALTH).permitAll();
                    if (properties.publicDocs()) {
                        requests.requestMatchers(AccessRules.DOCS).permitAll();
                    }
                    AccessRules.RULES.forEach(rule -> requests.requestMatchers(rule.matcher()).hasAuthority(rule.role()));
                    requests.anyRequest().authenticated();
                });
        if (properties.mode() == SecurityProperties.Mode.JWT) {
            http.oauth2ResourceServer(oauth -> oauth
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(new ProblemAccessDeniedHandler(problems))
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new JwtRoles(properties.jwt()))));
        } else {
            http.httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(entryPoint));
        }
        return http.build();
    }

    /**
     * Local mode's users, checked with Spring Security's delegating encoder: a password without a
     * {@code {id}} prefix is plain text (development); give {@code {bcrypt}...} hashes anywhere else.
     */
    @Bean
    @ConditionalOnProperty(name = "vmss.security.mode", havingValue = "local", matchIfMissing = true)
    UserDetailsService localUsers(SecurityProperties properties) {
        InMemoryUserDetailsManager users = new InMemoryUserDetailsManager();
        for (SecurityProperties.LocalUser user : properties.users()) {
            String password = user.password() == null ? "" : user.password();
            users.createUser(User.withUsername(user.name())
                    .password(password.startsWith("{") ? password : "{noop}" + password)
                    .authorities(user.roles().toArray(String[]::new))
                    .build());
        }
        log.warn("security mode local: HTTP Basic with {} configured user(s) {}; use vmss.security.mode=jwt in production",
                properties.users().size(), properties.users().stream().map(SecurityProperties.LocalUser::name).toList());
        return users;
    }
}
