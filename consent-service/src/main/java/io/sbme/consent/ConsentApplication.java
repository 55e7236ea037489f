package io.sbme.consent;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Profiles, consent per channel and the encrypted contact vault; produces consent-state and privacy-requests. */
@SpringBootApplication
public class ConsentApplication {

    public static void main(String[] args) {
        SpringApplication.run(ConsentApplication.class, args);
    }
}
