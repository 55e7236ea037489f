package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.Topics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * Which channels are paused, as the compacted {@code channel-control} topic says. Every instance
 * reads the topic from the start under a group of its own, so a pause made on any instance takes
 * effect on all of them for the next message.
 */
@Component
class ChannelStates {

    private final Map<Channel, ChannelControl> controls = new ConcurrentHashMap<>();

    @KafkaListener(id = "dispatcher-channel-control", topics = Topics.CHANNEL_CONTROL,
            groupId = "dispatcher-channels-${random.uuid}")
    void on(@Payload(required = false) ChannelControl control) {
        if (control == null || control.channel() == null) {
            return;
        }
        controls.merge(control.channel(), control, (old, now) ->
                old.changedAt() != null && now.changedAt() != null && now.changedAt().isBefore(old.changedAt()) ? old : now);
    }

    boolean paused(Channel channel) {
        ChannelControl control = controls.get(channel);
        return control != null && control.paused();
    }

    /** {@code {"whatsapp":{"paused":false},"sms":{"paused":false}}}, the shape of the channels API. */
    Map<String, Map<String, Object>> view() {
        Map<String, Map<String, Object>> view = new LinkedHashMap<>();
        for (Channel channel : new Channel[] {Channel.WHATSAPP, Channel.SMS}) {
            ChannelControl control = controls.get(channel);
            Map<String, Object> state = new LinkedHashMap<>();
            state.put("paused", control != null && control.paused());
            if (control != null && control.changedAt() != null) {
                state.put("changedAt", control.changedAt().toString());
                state.put("changedBy", control.changedBy());
            }
            view.put(channel.wireName(), state);
        }
        return view;
    }
}
