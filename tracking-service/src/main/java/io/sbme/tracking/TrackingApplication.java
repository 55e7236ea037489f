package io.sbme.tracking;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Verified provider webhooks, status machine, click links and conversion attribution; produces tracking-events. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class TrackingApplication {

    public static void main(String[] args) {
        SpringApplication.run(TrackingApplication.class, args);
    }
}
