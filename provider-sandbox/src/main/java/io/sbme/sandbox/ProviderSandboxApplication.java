package io.sbme.sandbox;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** A stand-in for Meta and Twilio that speaks their wire formats and fires signed webhooks. */
@SpringBootApplication
public class ProviderSandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProviderSandboxApplication.class, args);
    }
}
