package io.sbme.ingest.events;

import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the event API's collaborators. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(IngestProperties.class)
class IngestConfiguration {

    @Bean
    EventParser eventParser(Clock clock) {
        return new EventParser(clock);
    }

    @Bean
    ApiKeys apiKeys(IngestProperties properties) {
        return new ApiKeys(properties.keys());
    }

    @Bean
    EventIngestion eventIngestion(ContractPublisher publisher, StringRedisTemplate redis, IngestProperties properties) {
        return new EventIngestion(publisher, new Deduplicator(redis, properties.dedupeTtl()), properties.publishTimeout());
    }
}
