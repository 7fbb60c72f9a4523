package dev.vmssrollout.api.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vmssrollout.api.problems.ProblemWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.security.oauth2.resource.OAuth2ResourceServerProperties;
import org.springframework.boot.autoconfigure.web.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.UsernamePasswordAuthenticationFilter;
import org.springframework.security.web.authentication.logout.HttpStatusReturningLogoutSuccessHandler;
import org.springframework.security.web.csrf.CsrfFilter;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.header.writers.StaticHeadersWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;

import java.time.Clock;

/**
 * Who may call what. API clients are stateless: every request carries its credentials (HTTP Basic locally, a
 * bearer token in production). In local mode the dashboard signs in once ({@code POST /api/v1/session}) and holds
 * a session cookie; {@link BrowserRequestGuard} protects every browser's state-changing requests against CSRF.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfig {

    private static final Logger log = LoggerFactory.getLogger(SecurityConfig.class);
    private static final String REALM = "vmss-rollout";
    private static final String CSP_HEADER = "Content-Security-Policy";
    /** The dashboard's pages use only their own scripts and styles, and no other site may frame them. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; img-src 'self' data:; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    /** Swagger UI's bundle injects a style element; its scripts stay as restricted as the dashboard's. */
    static final String DOCS_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY
            .replace("default-src 'self';", "default-src 'self'; style-src 'self' 'unsafe-inline';");

    @Bean
    SecurityFilterChain api(HttpSecurity http, SecurityProperties properties, ProblemWriter problems,
                            ObjectProvider<JwtDecoder> jwtDecoder, ObjectMapper json, ApprovalProperties approvals,
                            ObjectProvider<OAuth2ResourceServerProperties> resourceServer)
            throws Exception {
        if (properties.mode() == SecurityProperties.Mode.JWT && jwtDecoder.getIfAvailable() == null) {
            throw new IllegalStateException("vmss.security.mode=jwt needs the token issuer: set "
                    + "spring.security.oauth2.resourceserver.jwt.issuer-uri (or jwk-set-uri, or public-key-location)");
        }
        if (properties.mode() == SecurityProperties.Mode.JWT) {
            JwtSettings.requireAudience(resourceServer.getIfAvailable(OAuth2ResourceServerProperties::new).getJwt());
        }
        AuthenticationEntryPoint entryPoint = properties.mode() == SecurityProperties.Mode.JWT
                ? new ProblemAuthenticationEntryPoint(new BearerTokenAuthenticationEntryPoint(), "a bearer token", problems)
                : new ProblemAuthenticationEntryPoint(ProblemAuthenticationEntryPoint.basic(REALM),
                        "HTTP Basic credentials", problems);
        boolean bearer = properties.mode() == SecurityProperties.Mode.JWT;
        // Spring's CSRF tokens are off: BrowserRequestGuard's custom-header check covers sessions and cached Basic alike.
        http.csrf(AbstractHttpConfigurer::disable)
                .addFilterBefore(new BrowserRequestGuard(problems), CsrfFilter.class)
                .requestCache(AbstractHttpConfigurer::disable)
                .headers(headers -> headers
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(AccessRules.DOCS_UI,
                                new StaticHeadersWriter(CSP_HEADER, DOCS_CONTENT_SECURITY_POLICY)))
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(new NegatedRequestMatcher(AccessRules.DOCS_UI),
                                new StaticHeadersWriter(CSP_HEADER, CONTENT_SECURITY_POLICY)))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.SAME_ORIGIN))
                        .frameOptions(frames -> frames.deny()))
                .anonymous(Customizer.withDefaults())
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(entryPoint)
                        .accessDeniedHandler(new ProblemAccessDeniedHandler(problems)))
                .authorizeHttpRequests(requests -> {
                    requests.requestMatchers(AccessRules.HEALTH).permitAll();
                    requests.requestMatchers(AccessRules.DASHBOARD).permitAll();
                    if (properties.publicDocs()) {
                        requests.requestMatchers(AccessRules.DOCS).permitAll();
                    }
                    AccessRules.RULES.forEach(rule -> requests.requestMatchers(rule.matcher()).hasAuthority(rule.role()));
                    requests.anyRequest().authenticated();
                });
        if (bearer) {
            http.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS));
            http.addFilterBefore(new TokenIssuerUnavailableFilter(problems, Clock.systemUTC()),
                    BearerTokenAuthenticationFilter.class);
            http.formLogin(AbstractHttpConfigurer::disable).logout(AbstractHttpConfigurer::disable);
            http.oauth2ResourceServer(oauth -> oauth
                    .authenticationEntryPoint(entryPoint)
                    .accessDeniedHandler(new ProblemAccessDeniedHandler(problems))
                    .jwt(jwt -> jwt.jwtAuthenticationConverter(new JwtRoles(properties.jwt()))));
        } else {
            http.httpBasic(basic -> basic.realmName(REALM).authenticationEntryPoint(entryPoint));
            http.addFilterBefore(new SignInThrottle(properties.signIn(), problems, Clock.systemUTC()),
                    UsernamePasswordAuthenticationFilter.class);
            // No session policy is set here on purpose: Spring's default creates a session only where one is stored
            // (the dashboard's sign-in), whereas any explicit policy would store every Basic authentication in one.
            SessionLogin login = new SessionLogin(json, problems, approvals.fourEyes());
            http.formLogin(form -> form.loginPage(SessionLogin.SIGN_IN_PAGE).loginProcessingUrl(SessionLogin.PATH)
                            .successHandler(login::signedIn).failureHandler(login::refused).permitAll())
                    .logout(logout -> logout
                            .logoutRequestMatcher(PathPatternRequestMatcher.withDefaults()
                                    .matcher(HttpMethod.DELETE, SessionLogin.PATH))
                            .logoutSuccessHandler(new HttpStatusReturningLogoutSuccessHandler(HttpStatus.NO_CONTENT)));
        }
        return http.build();
    }

    /**
     * No observation of each security filter, authentication and authorization: with observations merely disabled by
     * property, Spring Security still wrapped every filter of every request and asked the property for each (about 4 %
     * of the API's CPU under load, BENCHMARKS.md "API reads"); {@code http.server.requests} still times every request.
     */
    @Bean
    static SecurityObservationSettings noSecurityObservations() {
        return SecurityObservationSettings.noObservations();
    }

    /**
     * Local mode's users, checked with Spring Security's delegating encoder: a password without a
     * {@code {id}} prefix is plain text (development); give {@code {bcrypt}...} hashes anywhere else.
     */
    @Bean
    @ConditionalOnProperty(name = "vmss.security.mode", havingValue = "local", matchIfMissing = true)
    UserDetailsService localUsers(SecurityProperties properties, ServerProperties server) {
        DemoUsers.requireChosen(properties);
        DemoUsers.refuseOnNetwork(properties, server.getAddress());
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
        // Only the lookup, not the manager: as a UserDetailsPasswordService it would have Spring re-encode each
        // plain-text password with BCrypt at the first sign-in, and every HTTP Basic request would then pay for
        // a BCrypt check (about 70 ms of CPU here, which capped the API at about 14 requests per second).
        return users::loadUserByUsername;
    }
}
