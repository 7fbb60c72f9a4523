package dev.vmssrollout.api.openapi;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import dev.vmssrollout.api.security.SecurityProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description at /v3/api-docs, with the authentication scheme of the configured mode. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    @Bean
    OpenAPI rolloutApi(SecurityProperties security) {
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
                .components(new Components().addSecuritySchemes(scheme, auth))
                .addSecurityItem(new SecurityRequirement().addList(scheme));
    }
}
