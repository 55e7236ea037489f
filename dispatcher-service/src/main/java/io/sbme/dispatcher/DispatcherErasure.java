package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.support.privacy.Erasable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Erases what the dispatcher holds about a user: ledger, pending checks, window, dead letters. */
@Component
class DispatcherErasure implements Erasable {

    private final StringRedisTemplate redis;

    DispatcherErasure(StringRedisTemplate redis) {
        this.redis = redis;
    }

    @Override
    public long erase(String userId) {
        List<String> keys = new ArrayList<>();
        Set<String> messages = redis.opsForSet().members(userKey(userId));
        for (String messageId : messages == null ? Set.<String>of() : messages) {
            for (Channel channel : List.of(Channel.WHATSAPP, Channel.SMS)) {
                keys.add(Ledger.key(messageId, channel));
                keys.add(Ledger.attemptKey(messageId, channel));
            }
            keys.add(DeliveryWatch.pendingKey(messageId));
            keys.add("dsp:delivered:" + messageId);
            redis.opsForZSet().remove(DeliveryWatch.DUE, "ttl:" + messageId, "resume:" + messageId + ":1",
                    "resume:" + messageId + ":2", "resume:" + messageId + ":3");
        }
        Set<String> deadLetters = redis.opsForSet().members(userDeadLettersKey(userId));
        for (String id : deadLetters == null ? Set.<String>of() : deadLetters) {
            keys.add(DeadLetters.key(id));
            redis.opsForZSet().remove(DeadLetters.INDEX, id);
        }
        keys.add(DeliveryWatch.windowKey(userId));
        keys.add(userKey(userId));
        keys.add(userDeadLettersKey(userId));
        Long deleted = redis.delete(keys);
        return deleted == null ? 0 : deleted;
    }

    static String userKey(String userId) {
        return "dsp:user:" + userId;
    }

    static String userDeadLettersKey(String userId) {
        return "dsp:user:" + userId + ":dlt";
    }
}
