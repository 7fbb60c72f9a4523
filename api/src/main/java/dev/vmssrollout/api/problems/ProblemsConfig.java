package dev.vmssrollout.api.problems;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.util.unit.DataSize;

@Configuration(proxyBeanMethods = false)
class ProblemsConfig {

    /** Runs before the security filters: an oversized body is refused before anyone reads it. */
    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            @Value("${vmss.api.max-request-size:64KB}") DataSize maxRequestSize, ProblemWriter problems) {
        FilterRegistrationBean<BodySizeLimitFilter> registration =
                new FilterRegistrationBean<>(new BodySizeLimitFilter(maxRequestSize.toBytes(), problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 100);
        return registration;
    }

    /**
     * Spring Security's firewall refuses URLs, parameter names and header values it deems dangerous (encoded
     * slashes, control characters). Its default handler rethrows, and the container answers 500: bad input must be
     * a 400 problem, and it must not log as a server failure. Spring Security picks this bean up by type.
     */
    @Bean
    RequestRejectedHandler requestRejectedHandler(ProblemWriter problems) {
        return (request, response, rejected) -> problems.write(request, response, RequestRejection.problem());
    }
}
