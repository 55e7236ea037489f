package io.sbme.composer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import io.sbme.support.health.KafkaListenersHealthIndicator;
import io.sbme.support.testing.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The readiness probe tells the truth about Kafka: ready once the listeners have their partitions,
 * not ready while the broker is gone. A context of its own: the last test stops its broker.
 */
@SpringBootTest(properties = {
        "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}",
        "sbme.kafka.partitions=1",
        "sbme.composer.public-base-url=https://readiness.example",
        "sbme.composer.link-secret=test-link-secret"})
@EmbeddedKafka(partitions = 1)
@AutoConfigureMockMvc
@ActiveProfiles("test")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReadinessIT {

    @DynamicPropertySource
    static void redis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.port", TestRedis::port);
    }

    @Autowired MockMvc mvc;
    @Autowired KafkaListenersHealthIndicator kafkaListeners;
    @Autowired EmbeddedKafkaBroker broker;

    @Test
    @Order(1)
    void readyOnceEveryListenerHasItsPartitions() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getStatus())
                        .isEqualTo(200));

        var health = kafkaListeners.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("listeners").toString()).contains("assigned").doesNotContain("waiting");
    }

    @Test
    @Order(2)
    void notReadyWhileTheBrokerIsUnreachable() {
        broker.destroy();

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(mvc.perform(get("/actuator/health/readiness")).andReturn().getResponse().getStatus())
                        .isEqualTo(503));
        var health = kafkaListeners.health(true);
        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("broker").toString()).startsWith("unreachable");
    }
}
