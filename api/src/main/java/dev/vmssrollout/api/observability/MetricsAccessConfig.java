package dev.vmssrollout.api.observability;

import org.springframework.boot.actuate.autoconfigure.security.servlet.EndpointRequest;
import org.springframework.boot.actuate.metrics.export.prometheus.PrometheusScrapeEndpoint;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;

/**
 * GET /actuator/prometheus without credentials, as Prometheus scrapes by default
 * ({@code vmss.observability.public-metrics}, true unless set false). Its own filter chain, ahead
 * of the API's: the figures are counts and timings, no rollout data; where even those must stay
 * inside, serve the management endpoints on their own port (management.server.port) that only the
 * scraper reaches, or set public-metrics=false and give Prometheus credentials.
 */
@Configuration(proxyBeanMethods = false)
class MetricsAccessConfig {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    @ConditionalOnProperty(name = "vmss.observability.public-metrics", havingValue = "true", matchIfMissing = true)
    SecurityFilterChain publicMetrics(HttpSecurity http) throws Exception {
        return http.securityMatcher(EndpointRequest.to(PrometheusScrapeEndpoint.class))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(AbstractHttpConfigurer::disable)
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(AbstractHttpConfigurer::disable)
                .build();
    }
}
