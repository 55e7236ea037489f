package io.sbme.tracking.messages;

import io.sbme.support.privacy.Erasable;
import io.sbme.tracking.Keys;
import io.sbme.tracking.outbox.Outbox;
import io.sbme.tracking.privacy.ErasedUsers;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Erases what tracking holds about a user, and keeps it erased: the user is marked first (by a mark
 * that does not contain the id, {@link ErasedUsers}), so no later record can write their data again;
 * then each message document is reduced to what the counts need ({@link TrackedMessage#forgetOwner}),
 * its link-code and provider-id maps and parked statuses go, the user's index, last click and
 * experiment arms go, and records still waiting in the outbox lose the user id. Counts already
 * published on {@code tracking-events} stay with the dashboard; they are aggregates there.
 */
@Component
class TrackingErasure implements Erasable {

    private final StringRedisTemplate redis;
    private final MessageRegistry registry;
    private final ErasedUsers erasedUsers;
    private final Outbox outbox;

    TrackingErasure(StringRedisTemplate redis, MessageRegistry registry, ErasedUsers erasedUsers, Outbox outbox) {
        this.redis = redis;
        this.registry = registry;
        this.erasedUsers = erasedUsers;
        this.outbox = outbox;
    }

    @Override
    public long erase(String userId) {
        if (userId == null || userId.isBlank()) {
            return 0;
        }
        // First: from here on every write of this user's data refuses (checked in the write's own script),
        // and every write before this is in the index read below (the index is written with the document).
        erasedUsers.remember(userId);
        String mark = erasedUsers.mark(userId);
        long erased = 0;
        List<String> keys = new ArrayList<>();
        for (String messageId : registry.idsOfUser(userId)) {
            List<String> pointers = registry.update(messageId, message -> {
                if (message == null || !userId.equals(message.userId)) {
                    return MessageRegistry.Change.<List<String>>none(null);
                }
                List<String> toMessage = new ArrayList<>();
                if (message.code != null) {
                    toMessage.add(Keys.code(message.code));
                }
                message.attempts.stream().filter(a -> a.providerMessageId() != null).forEach(a -> {
                    toMessage.add(Keys.provider(a.providerMessageId()));
                    toMessage.add(Keys.pending(a.providerMessageId()));
                });
                message.forgetOwner(mark);
                return new MessageRegistry.Change<>(message, toMessage);
            });
            if (pointers != null) {
                erased++;
                keys.addAll(pointers);
            }
            keys.add(Keys.pending(messageId));
        }
        keys.add(Keys.userMessages(userId));
        keys.add(Keys.lastClick(userId));
        keys.add(Keys.arms(userId));
        Long deleted = redis.delete(keys);
        return erased + (deleted == null ? 0 : deleted) + outbox.forgetUser(userId);
    }
}
