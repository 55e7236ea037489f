package io.sbme.tracking.messages;

import io.sbme.tracking.Keys;
import io.sbme.support.privacy.Erasable;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases what tracking holds about a user: the message documents and their link-code and provider-id
 * maps, parked statuses, the user's index, last click and experiment arms. Counts already published
 * on {@code tracking-events} stay with the dashboard; they are aggregates there.
 */
@Component
class TrackingErasure implements Erasable {

    private final StringRedisTemplate redis;
    private final MessageRegistry registry;

    TrackingErasure(StringRedisTemplate redis, MessageRegistry registry) {
        this.redis = redis;
        this.registry = registry;
    }

    @Override
    public long erase(String userId) {
        if (userId == null || userId.isBlank()) {
            return 0;
        }
        Set<String> ids = redis.opsForZSet().range(Keys.userMessages(userId), 0, -1);
        List<String> keys = new ArrayList<>();
        for (String messageId : ids == null ? Set.<String>of() : ids) {
            registry.find(messageId).filter(m -> userId.equals(m.userId)).ifPresent(message -> {
                if (message.code != null) {
                    keys.add(Keys.code(message.code));
                }
                message.attempts.stream().filter(a -> a.providerMessageId() != null)
                        .forEach(a -> {
                            keys.add(Keys.provider(a.providerMessageId()));
                            keys.add(Keys.pending(a.providerMessageId()));
                        });
            });
            keys.add(Keys.message(messageId));
            keys.add(Keys.pending(messageId));
        }
        keys.add(Keys.userMessages(userId));
        keys.add(Keys.lastClick(userId));
        keys.add(Keys.arms(userId));
        Long deleted = redis.delete(keys);
        return deleted == null ? 0 : deleted;
    }
}
