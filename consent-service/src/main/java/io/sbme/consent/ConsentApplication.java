package io.sbme.consent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/** Profiles, consent per channel and the encrypted contact vault; produces consent-state and privacy-requests. */
@SpringBootApplication
@EnableConfigurationProperties(ConsentProperties.class)
public class ConsentApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsentApplication.class, args);
    }
}
