package io.sbme.support.audit;

import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.Bean;

/** Provides {@link AuditLog} wherever Kafka publishing is available. */
@AutoConfiguration(after = io.sbme.support.kafka.KafkaContractsConfiguration.class)
public class AuditConfiguration {

    @Bean
    @ConditionalOnBean(ContractPublisher.class)
    AuditLog auditLog(ContractPublisher publisher, @Value("${spring.application.name}") String service, Clock clock) {
        return new AuditLog(publisher, service, clock);
    }
}
