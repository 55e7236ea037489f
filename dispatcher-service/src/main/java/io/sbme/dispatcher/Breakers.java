package io.sbme.dispatcher;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.sbme.contracts.Channel;
import org.springframework.stereotype.Component;

/**
 * One resilience4j circuit breaker per channel. Only transient provider failures count against
 * it: a permanent refusal (not a WhatsApp user) says nothing about the provider's health. When
 * WhatsApp's breaker is open, messages fall back to SMS instead of piling up in retry topics.
 */
@Component
class Breakers {

    private final CircuitBreakerRegistry registry;

    Breakers(DispatcherProperties properties) {
        DispatcherProperties.Breaker config = properties.breaker();
        this.registry = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRatePercent())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowCalls())
                .minimumNumberOfCalls(config.minimumCalls())
                .waitDurationInOpenState(config.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build());
    }

    CircuitBreaker of(Channel channel) {
        return registry.circuitBreaker(Ledger.wire(channel));
    }
}
