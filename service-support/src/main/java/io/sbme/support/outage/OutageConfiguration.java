package io.sbme.support.outage;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * One circuit breaker registry per service, its breakers exported as {@code resilience4j_circuitbreaker_*}
 * metrics, and the {@link Outages} that pause and resume listeners with them.
 */
@AutoConfiguration
@ConditionalOnClass({CircuitBreakerRegistry.class, TaggedCircuitBreakerMetrics.class, MeterRegistry.class,
        KafkaListenerEndpointRegistry.class})
@EnableConfigurationProperties(OutageProperties.class)
public class OutageConfiguration {

    @Bean
    @ConditionalOnMissingBean
    CircuitBreakerRegistry circuitBreakerRegistry(OutageProperties properties, ObjectProvider<MeterRegistry> meters) {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(properties.failureRatePercent())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(properties.slidingWindowCalls())
                .minimumNumberOfCalls(properties.minimumCalls())
                .waitDurationInOpenState(properties.openFor())
                // One successful probe is enough to resume: the held records are the real test.
                .permittedNumberOfCallsInHalfOpenState(1)
                .build());
        MeterRegistry meterRegistry = meters.getIfAvailable();
        if (meterRegistry != null) {
            TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(registry).bindTo(meterRegistry);
        }
        return registry;
    }

    @Bean
    @ConditionalOnMissingBean
    Outages outages(CircuitBreakerRegistry breakers, OutageProperties properties,
                    ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        return new Outages(breakers, properties, listeners);
    }
}
