package io.sbme.decision.channel;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.Topics;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Which channels are paused, from the compacted {@code channel-control} topic, kept in Redis
 * ({@code dec:channels}); the topic is re-read from the start on every assignment, so the latest
 * state per channel always wins.
 */
@Component
public class ChannelView extends AbstractConsumerSeekAware {

    static final String KEY = "dec:channels";

    private final StringRedisTemplate redis;

    ChannelView(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        super.onPartitionsAssigned(assignments, callback);
        callback.seekToBeginning(assignments.keySet());
    }

    @KafkaListener(topics = Topics.CHANNEL_CONTROL, groupId = "decision-service-channels")
    void on(ChannelControl control) {
        if (control != null && control.channel() != null && control.channel() != Channel.UNKNOWN) {
            redis.opsForHash().put(KEY, control.channel().wireName(), control.paused() ? "paused" : "active");
        }
    }

    public Set<Channel> paused() {
        Map<Object, Object> states = redis.opsForHash().entries(KEY);
        Set<Channel> paused = EnumSet.noneOf(Channel.class);
        states.forEach((channel, state) -> {
            if ("paused".equals(state)) {
                Channel.fromWire(channel.toString()).ifPresent(paused::add);
            }
        });
        return paused;
    }
}
