package io.sbme.support.privacy;

import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaTemplate;

/** Registers the erase-request stage in every service that holds per-user state. */
@AutoConfiguration(after = io.sbme.support.kafka.KafkaContractsConfiguration.class)
@ConditionalOnClass(KafkaTemplate.class)
public class PrivacyConfiguration {

    @Bean
    @ConditionalOnBean(Erasable.class)
    ErasureStage erasureStage(List<Erasable> erasables, ContractPublisher publisher,
                              @Value("${spring.application.name}") String service, Clock clock) {
        return new ErasureStage(erasables, publisher, service, clock);
    }
}
