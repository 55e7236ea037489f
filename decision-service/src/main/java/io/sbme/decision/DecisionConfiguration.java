package io.sbme.decision;

import io.sbme.decision.timers.TimerHandler;
import io.sbme.decision.timers.TimerPoller;
import io.sbme.decision.timers.TimerStore;
import io.sbme.support.outage.Dependency;
import io.sbme.support.outage.Outages;
import io.sbme.support.outage.RedisDependency;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.ConcurrentKafkaListenerContainerFactoryConfigurer;
import org.springframework.kafka.config.ConcurrentKafkaListenerContainerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the durable timers and their poller, and the customer-events listener container. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecisionProperties.class)
class DecisionConfiguration {

    /** The catalog carted and viewed products are priced and named from. */
    @Bean
    io.sbme.support.catalog.CatalogView catalogView(ConsumerFactory<String, Object> consumers) {
        return new io.sbme.support.catalog.CatalogView(consumers);
    }

    /** While Redis (carts, timers, caps, the event claims) is down, customer events wait in Kafka. */
    @Bean
    Dependency redisDependency(Outages outages, RedisConnectionFactory redis) {
        return RedisDependency.register(outages, redis, CustomerEventStage.LISTENER::equals);
    }

    @Bean
    TimerStore timerStore(StringRedisTemplate redis) {
        return new TimerStore(redis);
    }

    /**
     * The container of the customer-events listener, without Kafka's read-process-write transaction.
     * Why: most events (views, carts) publish nothing, yet a transaction per record (offsets sent
     * to it, commit, markers) was about 40 % of this service's CPU and half the broker's under
     * load. What an event publishes still commits atomically ({@link CustomerEventStage} runs it in
     * a producer transaction), and the {@code dec:evt:} claim already made a redelivered event a
     * no-op, so the guarantee is the same as before: the claim, not the offset, is what dedupes.
     */
    @Bean
    ConcurrentKafkaListenerContainerFactory<Object, Object> eventsContainerFactory(
            ConcurrentKafkaListenerContainerFactoryConfigurer configurer, ConsumerFactory<Object, Object> consumers,
            CommonErrorHandler errorHandler) {
        var factory = new ConcurrentKafkaListenerContainerFactory<Object, Object>();
        configurer.configure(factory, consumers);
        factory.getContainerProperties().setKafkaAwareTransactionManager(null);
        factory.setCommonErrorHandler(errorHandler);
        return factory;
    }

    @Bean
    TimerPoller timerPoller(TimerStore store, List<TimerHandler> flowHandlers, DecisionEngine engine, Clock clock,
                            DecisionProperties properties, @Value("${decision.timers.enabled:true}") boolean enabled) {
        List<TimerHandler> handlers = new ArrayList<>(flowHandlers);
        handlers.add(engine.holdExpiry());
        handlers.add(engine.quietRelease());
        var timers = properties.timers();
        return new TimerPoller(store, handlers, clock, timers.pollInterval(), timers.lease(), timers.batch(), enabled);
    }
}
