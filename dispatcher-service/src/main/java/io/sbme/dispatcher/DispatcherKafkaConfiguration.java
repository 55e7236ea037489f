package io.sbme.dispatcher;

import io.sbme.support.outage.Dependency;
import io.sbme.support.outage.Outages;
import io.sbme.support.outage.RedisDependency;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;

/** The dispatcher's Kafka tweaks over service-support's setup, and the Redis its listeners depend on. */
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

    /** While Redis (the ledger, the consent view) is down, composed messages wait in Kafka. */
    @Bean
    Dependency redisDependency(Outages outages, RedisConnectionFactory redis) {
        return RedisDependency.register(outages, redis, DispatchStage::dispatchesMessages);
    }
}
