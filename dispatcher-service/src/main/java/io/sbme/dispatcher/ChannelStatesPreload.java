package io.sbme.dispatcher;

import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Reads {@code channel-control} to its end before the dispatch listeners start: a restarted
 * instance must not send on a paused channel in the seconds its view would otherwise take to fill.
 */
@Component
class ChannelStatesPreload {

    private static final Logger log = LoggerFactory.getLogger(ChannelStatesPreload.class);
    private static final Duration LIMIT = Duration.ofSeconds(15);

    private final ConsumerFactory<String, Object> consumers;
    private final ChannelStates states;
    private final KafkaListenerEndpointRegistry listeners;
    private final boolean autoStartup;

    ChannelStatesPreload(ConsumerFactory<String, Object> consumers, ChannelStates states,
                         KafkaListenerEndpointRegistry listeners,
                         @Value("${spring.kafka.listener.auto-startup:true}") boolean autoStartup) {
        this.consumers = consumers;
        this.states = states;
        this.listeners = listeners;
        this.autoStartup = autoStartup;
    }

    @EventListener(ApplicationReadyEvent.class)
    void preloadThenStartDispatching() {
        if (!autoStartup) {
            return;
        }
        try (Consumer<String, Object> consumer = consumers.createConsumer("dispatcher-preload-" + UUID.randomUUID(), null)) {
            List<PartitionInfo> infos = consumer.partitionsFor(Topics.CHANNEL_CONTROL, LIMIT);
            List<TopicPartition> partitions = infos == null ? List.of()
                    : infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, LIMIT);
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p, LIMIT) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, Object> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.value() instanceof ChannelControl control) {
                        states.on(control);
                    }
                }
            }
        } catch (RuntimeException e) {
            log.warn("channel-control could not be read before dispatching; the view fills from the topic: {}", e.toString());
        }
        listeners.getAllListenerContainers().stream().filter(c -> !c.isRunning()).forEach(c -> c.start());
        log.info("channel states loaded {}; dispatching", states.view());
    }
}
