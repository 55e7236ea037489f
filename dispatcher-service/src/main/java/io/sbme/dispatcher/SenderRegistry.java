package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Picks the {@link ChannelSender} of a channel among every sender bean. */
@Component
class SenderRegistry {

    private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);

    SenderRegistry(List<ChannelSender> all) {
        for (ChannelSender sender : all) {
            if (senders.put(sender.channel(), sender) != null) {
                throw new IllegalStateException("two senders for " + sender.channel());
            }
        }
    }

    Optional<ChannelSender> forChannel(Channel channel) {
        return Optional.ofNullable(senders.get(channel));
    }
}
