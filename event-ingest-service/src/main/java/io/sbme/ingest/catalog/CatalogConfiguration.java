package io.sbme.ingest.catalog;

import io.sbme.support.catalog.CatalogView;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.ConsumerFactory;

/** The catalog as this service reads it: for seeding and for pricing the shop's orders. */
@Configuration(proxyBeanMethods = false)
class CatalogConfiguration {

    @Bean
    CatalogView catalogView(ConsumerFactory<String, Object> consumers) {
        return new CatalogView(consumers);
    }
}
