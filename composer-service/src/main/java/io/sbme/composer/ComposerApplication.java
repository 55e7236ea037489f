package io.sbme.composer;

import io.sbme.support.catalog.CatalogView;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;

/** Renders templates into WhatsApp, SMS and Instagram renditions; produces composed-messages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ComposerApplication {

    /** The catalog every message's product content is taken from. */
    @Bean
    CatalogView catalogView(ConsumerFactory<String, Object> consumers) {
        return new CatalogView(consumers);
    }

    public static void main(String[] args) {
        SpringApplication.run(ComposerApplication.class, args);
    }
}
