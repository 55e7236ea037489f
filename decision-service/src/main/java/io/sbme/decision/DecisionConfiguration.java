package io.sbme.decision;

import io.sbme.decision.timers.TimerHandler;
import io.sbme.decision.timers.TimerPoller;
import io.sbme.decision.timers.TimerStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Wires the durable timers and their poller. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(DecisionProperties.class)
class DecisionConfiguration {

    @Bean
    TimerStore timerStore(StringRedisTemplate redis) {
        return new TimerStore(redis);
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
