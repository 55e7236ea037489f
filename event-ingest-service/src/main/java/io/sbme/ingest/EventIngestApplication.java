package io.sbme.ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** Accepts customer events, validates and de-duplicates them, and produces customer-events. */
@SpringBootApplication
public class EventIngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(EventIngestApplication.class, args);
    }
}
