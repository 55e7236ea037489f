package io.sbme.dispatcher;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.sbme.contracts.Channel;
import io.sbme.support.outage.Dependency;
import io.sbme.support.outage.Outages;
import java.util.EnumMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One resilience4j circuit breaker per channel (the provider as a whole), in the service's breaker
 * registry so they are exported as metrics beside the vault's and Redis's. Only transient provider
 * failures count against it: a permanent refusal (not a WhatsApp user) says nothing about the
 * provider's health. When WhatsApp's breaker is open, messages fall back to SMS instead of piling up
 * in retry topics; when the last channel's is open, they wait for it ({@link #dependency}).
 */
@Component
class Breakers {

    private final Map<Channel, Dependency> dependencies = new EnumMap<>(Channel.class);

    Breakers(DispatcherProperties properties, CircuitBreakerRegistry registry, Outages outages) {
        DispatcherProperties.Breaker config = properties.breaker();
        CircuitBreakerConfig providers = CircuitBreakerConfig.custom()
                .failureRateThreshold(config.failureRatePercent())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(config.slidingWindowCalls())
                .minimumNumberOfCalls(config.minimumCalls())
                .waitDurationInOpenState(config.openFor())
                .permittedNumberOfCallsInHalfOpenState(3)
                .build();
        for (Channel channel : new Channel[] {Channel.WHATSAPP, Channel.SMS}) {
            registry.circuitBreaker(Ledger.wire(channel), providers);
            // No probe and no paused listener: a provider has no cheap health call, and a message
            // can still go out on its other channel; the waiting messages' own sends are the trial calls.
            dependencies.put(channel, outages.register(Ledger.wire(channel), null, id -> false));
        }
    }

    CircuitBreaker of(Channel channel) {
        return dependency(channel).breaker();
    }

    /** The provider of a channel as a dependency whose outage the messages wait out. */
    Dependency dependency(Channel channel) {
        Dependency dependency = dependencies.get(channel);
        if (dependency == null) {
            throw new IllegalArgumentException("no provider breaker for " + channel);
        }
        return dependency;
    }
}
