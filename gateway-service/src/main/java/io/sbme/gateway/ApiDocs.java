package io.sbme.gateway;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Names the gateway's own OpenAPI document; the services' documents are listed beside it in the Swagger UI. */
@Configuration(proxyBeanMethods = false)
class ApiDocs {

    @Bean
    OpenAPI gatewayApi() {
        return new OpenAPI().info(new Info().title("SBME gateway").version("v1").description(
                "Storefront identity (POST /api/v1/session) and admin login. Every other path is routed to a service;"
                        + " see the other definitions."));
    }
}
