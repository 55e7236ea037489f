package io.sbme.support.health;

import org.apache.kafka.clients.admin.AdminClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Registers the {@code kafkaListeners} health indicator in every service with Kafka and actuator's
 * health; each such service includes it in its readiness group (application.yml).
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass({KafkaListenerEndpointRegistry.class, HealthIndicator.class})
public class KafkaReadinessConfiguration {

    @Bean
    @ConditionalOnBean(KafkaAdmin.class)
    KafkaListenersHealthIndicator kafkaListenersHealthIndicator(ObjectProvider<KafkaListenerEndpointRegistry> registry,
                                                                KafkaAdmin kafkaAdmin) {
        return new KafkaListenersHealthIndicator(
                () -> registry.stream().flatMap(r -> r.getAllListenerContainers().stream()).toList(),
                () -> AdminClient.create(kafkaAdmin.getConfigurationProperties()));
    }
}
