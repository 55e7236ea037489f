package io.sbme.sandbox;

import java.time.Clock;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.context.annotation.Bean;

/** A stand-in for Meta and Twilio that speaks their wire formats and fires signed webhooks. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class ProviderSandboxApplication {

    public static void main(String[] args) {
        SpringApplication.run(ProviderSandboxApplication.class, args);
    }

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }
}
