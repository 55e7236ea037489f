package io.sbme.dashboard;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Aggregates every topic into metrics, funnels, uplift, timeline and audit views; streams them over SSE. */
@SpringBootApplication
@EnableScheduling
@EnableConfigurationProperties(DashboardProperties.class)
public class DashboardApplication {

    public static void main(String[] args) {
        SpringApplication.run(DashboardApplication.class, args);
    }
}
