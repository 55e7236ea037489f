package io.sbme.support.privacy;

import io.sbme.support.identity.IdentityProperties;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Registers the privacy plumbing: the provider-id digest every service shares, and the erase-request
 * stage in every service that holds per-user state.
 */
@AutoConfiguration(after = io.sbme.support.kafka.KafkaContractsConfiguration.class)
@EnableConfigurationProperties(IdentityProperties.class)
public class PrivacyConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ProviderIds providerIds(IdentityProperties identity) {
        return ProviderIds.keyedBy(identity.internalSecret());
    }

    /** Erase requests arrive over Kafka: only where Kafka is on the classpath. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(KafkaTemplate.class)
    static class Erasure {

        @Bean
        @ConditionalOnBean(Erasable.class)
        ErasureStage erasureStage(List<Erasable> erasables, ContractPublisher publisher,
                                  @Value("${spring.application.name}") String service, Clock clock) {
            return new ErasureStage(erasables, publisher, service, clock);
        }
    }
}
