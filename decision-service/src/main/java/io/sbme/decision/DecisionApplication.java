package io.sbme.decision;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The rule engine: flows, durable timers, experiments, caps and quiet hours; produces decisions. */
@SpringBootApplication
public class DecisionApplication {

    public static void main(String[] args) {
        SpringApplication.run(DecisionApplication.class, args);
    }
}
