package io.sbme.composer;

import io.sbme.support.outage.Dependency;
import io.sbme.support.outage.Outages;
import io.sbme.support.outage.RedisDependency;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.transaction.KafkaTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;

/** The composer's read-process-write transaction and the Redis its listener depends on. */
@Configuration(proxyBeanMethods = false)
class ComposerKafkaConfiguration {

    /**
     * Boot's Kafka transaction manager, with transaction synchronization on (spring-kafka turns it
     * off by default) so the stage can write its composed marker after the commit, never before.
     */
    @Bean
    KafkaTransactionManager<?, ?> kafkaTransactionManager(ProducerFactory<?, ?> producerFactory) {
        KafkaTransactionManager<?, ?> manager = new KafkaTransactionManager<>(producerFactory);
        manager.setTransactionSynchronization(AbstractPlatformTransactionManager.SYNCHRONIZATION_ALWAYS);
        return manager;
    }

    /** While Redis (the composed markers, the templates) is down, decisions wait in Kafka. */
    @Bean
    Dependency redisDependency(Outages outages, RedisConnectionFactory redis) {
        return RedisDependency.register(outages, redis, ComposeStage.LISTENER::equals);
    }
}
