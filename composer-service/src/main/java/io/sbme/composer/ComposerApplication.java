package io.sbme.composer;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Renders templates into WhatsApp, SMS and Instagram renditions; produces composed-messages. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ComposerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ComposerApplication.class, args);
    }
}
