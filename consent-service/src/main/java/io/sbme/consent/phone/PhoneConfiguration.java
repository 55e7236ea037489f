package io.sbme.consent.phone;

import io.sbme.consent.ConsentProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Phone parsing in the configured default region, for the countries the store allows. */
@Configuration(proxyBeanMethods = false)
class PhoneConfiguration {

    @Bean
    PhoneNumbers phoneNumbers(ConsentProperties properties) {
        return new PhoneNumbers(properties.defaultRegion(), properties.allowedRegions());
    }
}
