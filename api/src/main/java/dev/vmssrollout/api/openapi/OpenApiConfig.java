package dev.vmssrollout.api.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import dev.vmssrollout.api.security.SecurityProperties;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.List;

/** The OpenAPI description at /v3/api-docs, with the authentication scheme of the configured mode. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /**
     * The {@code servers} entry is the configured public base URL ({@code vmss.api.public-base-url}), or the relative
     * {@code /}: never built from the request's {@code Host} header, which any client may set to another site.
     */
    @Bean
    OpenAPI rolloutApi(SecurityProperties security, @Value("${vmss.api.public-base-url:}") String publicBaseUrl) {
        boolean jwt = security.mode() == SecurityProperties.Mode.JWT;
        String scheme = jwt ? "bearer" : "basic";
        SecurityScheme auth = new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme(scheme);
        if (jwt) {
            auth.bearerFormat("JWT");
        }
        return new OpenAPI()
                .info(new Info().title("vmss-rollout API").version("v1")
                        .description("Zero-downtime OS image rollouts of Azure VM scale sets. Errors are RFC 7807 "
                                + "problem details; roles: rollout.submit, rollout.approve, rollout.operate."))
                .servers(List.of(new Server().url(publicBaseUrl.isBlank() ? "/" : publicBaseUrl)))
                .components(new Components().addSecuritySchemes(scheme, auth))
                .addSecurityItem(new SecurityRequirement().addList(scheme));
    }
}
