package io.sbme.dispatcher;

import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** The dispatcher's one Kafka tweak over service-support's setup. */
@Configuration(proxyBeanMethods = false)
class DispatcherKafkaConfiguration {

    /**
     * Reads dead-letter topics with {@link DeadLetterTolerantDeserializer}. Set in code because
     * sbme-defaults.yml, being imported, takes precedence over this service's application.yml.
     */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer deadLetterTolerantValues() {
        return factory -> factory.updateConfigs(java.util.Map.of(ErrorHandlingDeserializer.VALUE_DESERIALIZER_CLASS,
                DeadLetterTolerantDeserializer.class.getName()));
    }
}
