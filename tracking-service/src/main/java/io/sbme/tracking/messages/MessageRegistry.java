package io.sbme.tracking.messages;

import io.sbme.contracts.ContractJson;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingProperties;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The message registry in Redis: one JSON document per message, a per-user index (newest first),
 * and the code → message and provider id → message maps.
 *
 * <p>Webhooks, clicks and Kafka listeners change the same document concurrently, possibly on
 * several instances, so every change is a compare-and-set (a Lua script comparing the whole
 * previous document) retried until it lands.
 */
@Component
public class MessageRegistry {

    /** Messages kept per user in the index; older ones drop out of the shopper's list. */
    static final int MAX_PER_USER = 200;
    private static final int MAX_CAS_TRIES = 20;
    private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if (current == false and ARGV[1] == '') or current == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration ttl;

    MessageRegistry(StringRedisTemplate redis, TrackingProperties properties) {
        this.redis = redis;
        this.ttl = properties.registryTtl();
    }

    /**
     * What a change did: the document to write (null: write nothing) and a value for the caller.
     */
    public record Change<R>(TrackedMessage write, R value) {
        public static <R> Change<R> none(R value) {
            return new Change<>(null, value);
        }
    }

    public Optional<TrackedMessage> find(String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return Optional.empty();
        }
        return Optional.ofNullable(redis.opsForValue().get(Keys.message(messageId))).map(MessageRegistry::parse);
    }

    /**
     * Applies {@code change} to a fresh copy of the document (null when there is none) and writes the
     * result if no other writer got in between; retries otherwise. {@code change} may run several
     * times, so it must not have side effects beyond the document.
     */
    public <R> R update(String messageId, Function<TrackedMessage, Change<R>> change) {
        String key = Keys.message(messageId);
        for (int i = 0; i < MAX_CAS_TRIES; i++) {
            String before = redis.opsForValue().get(key);
            Change<R> result = change.apply(before == null ? null : parse(before));
            if (result.write() == null) {
                return result.value();
            }
            String after = ContractJson.writeString(result.write());
            Long written = redis.execute(COMPARE_AND_SET, List.of(key), before == null ? "" : before, after,
                    String.valueOf(ttl.toMillis()));
            if (Objects.equals(written, 1L)) {
                if (before == null || indexChanged(parse(before), result.write())) {
                    index(result.write());
                }
                return result.value();
            }
        }
        throw new IllegalStateException("message " + messageId + " changed concurrently " + MAX_CAS_TRIES + " times");
    }

    /** The user's messages, newest first, at most {@code limit}. */
    public List<TrackedMessage> ofUser(String userId, int limit) {
        var ids = redis.opsForZSet().reverseRange(Keys.userMessages(userId), 0, limit - 1L);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = ids.stream().map(Keys::message).toList();
        List<String> documents = redis.opsForValue().multiGet(keys);
        return documents == null ? List.of() : documents.stream().filter(Objects::nonNull).map(MessageRegistry::parse)
                .filter(m -> userId.equals(m.userId)).toList();
    }

    public Optional<String> messageIdForCode(String code) {
        return Optional.ofNullable(redis.opsForValue().get(Keys.code(code)));
    }

    public Optional<String> messageIdForProvider(String providerMessageId) {
        return Optional.ofNullable(redis.opsForValue().get(Keys.provider(providerMessageId)));
    }

    /** Most writes are status moves; only a new owner, code or attempt needs the maps touched. */
    private static boolean indexChanged(TrackedMessage before, TrackedMessage after) {
        return !Objects.equals(before.userId, after.userId) || !Objects.equals(before.code, after.code)
                || !Objects.equals(before.createdAt, after.createdAt) || !before.attempts.equals(after.attempts);
    }

    private void index(TrackedMessage message) {
        if (message.userId != null) {
            String userKey = Keys.userMessages(message.userId);
            double score = message.createdAt == null ? 0 : message.createdAt.toEpochMilli();
            redis.opsForZSet().add(userKey, message.messageId, score);
            redis.opsForZSet().removeRange(userKey, 0, -MAX_PER_USER - 1L);
            redis.expire(userKey, ttl);
        }
        if (message.code != null) {
            redis.opsForValue().set(Keys.code(message.code), message.messageId, ttl);
        }
        for (TrackedMessage.AttemptRecord attempt : message.attempts) {
            if (attempt.providerMessageId() != null) {
                redis.opsForValue().set(Keys.provider(attempt.providerMessageId()), message.messageId, ttl);
            }
        }
    }

    private static TrackedMessage parse(String json) {
        return ContractJson.read(json, TrackedMessage.class);
    }
}
