package io.sbme.consent;

import io.sbme.support.identity.Caller;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document: the caller comes from the gateway token, so it is no request parameter. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Caller.class);
    }

    @Bean
    OpenAPI consentApi() {
        return new OpenAPI().info(new Info().title("consent-service")
                .description("Profiles, consent per channel, the contact vault and erase requests. Every call needs "
                        + "the gateway's X-Sbme-Identity token.")
                .version("v1"));
    }
}
