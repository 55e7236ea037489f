package io.sbme.tracking.messages;

import io.sbme.contracts.ContractJson;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.outbox.Outbox;
import io.sbme.tracking.outbox.OutboxRecord;
import io.sbme.tracking.privacy.ErasedUsers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * previous document) retried until it lands. The same script writes the maps, appends the change's
 * records to the {@link Outbox} and refuses to store an erased user's id, so a state change, what
 * it publishes and the privacy check are one atomic step.
 */
@Component
public class MessageRegistry {

    /** Messages kept per user in the index; older ones drop out of the shopper's list. */
    /** Far above what the send caps allow in the registry's TTL; a bound on memory, not a window. */
    static final int MAX_PER_USER = 5_000;
    private static final int MAX_CAS_TRIES = 20;
    private static final long WRITTEN = 1;
    private static final long USER_ERASED = 2;
    /*
     * KEYS: document, outbox, user index or '', then the erased-user markers to check, then the
     * code and provider-id maps to point at the message.
     * ARGV: previous document ('' for none), new document, ttl ms, message id, index score, oldest
     * score kept in the index, number of markers, number of maps, index size, then the outbox entries.
     */
    private static final RedisScript<Long> COMPARE_AND_SET = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if not ((current == false and ARGV[1] == '') or current == ARGV[1]) then
              return 0
            end
            local markers, maps = tonumber(ARGV[7]), tonumber(ARGV[8])
            for i = 4, 3 + markers do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                return 2
              end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
            if KEYS[3] ~= '' then
              redis.call('ZADD', KEYS[3], ARGV[5], ARGV[4])
              redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', '(' .. ARGV[6])
              redis.call('ZREMRANGEBYRANK', KEYS[3], 0, -tonumber(ARGV[9]) - 1)
              redis.call('PEXPIRE', KEYS[3], ARGV[3])
            end
            for i = 4 + markers, 3 + markers + maps do
              redis.call('SET', KEYS[i], ARGV[4], 'PX', ARGV[3])
            end
            for i = 10, #ARGV do
              redis.call('RPUSH', KEYS[2], ARGV[i])
            end
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Outbox outbox;
    private final ErasedUsers erasedUsers;
    private final Duration ttl;

    MessageRegistry(StringRedisTemplate redis, Outbox outbox, ErasedUsers erasedUsers, TrackingProperties properties) {
        this.redis = redis;
        this.outbox = outbox;
        this.erasedUsers = erasedUsers;
        this.ttl = properties.registryTtl();
    }

    /**
     * What a change did: the document to write (null: write nothing), a value for the caller, and
     * the records that report the change, appended to the outbox with it.
     */
    public record Change<R>(TrackedMessage write, R value, List<OutboxRecord> records) {

        public Change {
            records = records == null ? List.of() : List.copyOf(records);
        }

        public Change(TrackedMessage write, R value) {
            this(write, value, List.of());
        }

        public static <R> Change<R> none(R value) {
            return new Change<>(null, value, List.of());
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
     * result, with its records, if no other writer got in between; retries otherwise. {@code change}
     * may run several times, so it must not have side effects beyond the document and its records.
     *
     * <p>A document whose user was erased keeps no user data ({@link TrackedMessage#forgetOwner}),
     * and records about that user lose the user id, whatever {@code change} put in.
     */
    public <R> R update(String messageId, Function<TrackedMessage, Change<R>> change) {
        String key = Keys.message(messageId);
        Set<String> erased = new HashSet<>();
        for (int i = 0; i < MAX_CAS_TRIES; i++) {
            String before = redis.opsForValue().get(key);
            TrackedMessage previous = before == null ? null : parse(before);
            Change<R> result = change.apply(before == null ? null : parse(before));
            if (result.write() == null) {
                return result.value();
            }
            TrackedMessage after = result.write();
            if (previous != null && previous.erased) {
                after.forgetOwner(previous.erasedOwner);
            } else if (after.userId != null && erased.contains(after.userId)) {
                after.forgetOwner(erasedUsers.mark(after.userId));
            }
            List<OutboxRecord> records = OutboxRecord.withoutUsers(result.records(), erased);
            Set<String> users = Outbox.userIds(records);
            if (after.userId != null) {
                users.add(after.userId);
            }
            long outcome = write(key, before, after, previous == null || indexChanged(previous, after), users, records);
            if (outcome == WRITTEN) {
                if (!records.isEmpty()) {
                    outbox.appended();
                }
                return result.value();
            }
            if (outcome == USER_ERASED) {
                erased.addAll(erasedUsers.erasedAmong(users));
            }
        }
        throw new IllegalStateException("message " + messageId + " changed concurrently " + MAX_CAS_TRIES + " times");
    }

    private long write(String key, String before, TrackedMessage after, boolean reindex, Set<String> users,
                       List<OutboxRecord> records) {
        List<String> keys = new ArrayList<>();
        keys.add(key);
        keys.add(Keys.outbox());
        keys.add(reindex && after.userId != null ? Keys.userMessages(after.userId) : "");
        users.forEach(user -> keys.add(erasedUsers.markerKey(user)));
        List<String> maps = reindex ? maps(after) : List.of();
        keys.addAll(maps);
        List<String> args = new ArrayList<>();
        args.add(before == null ? "" : before);
        args.add(ContractJson.writeString(after));
        args.add(String.valueOf(ttl.toMillis()));
        args.add(after.messageId);
        args.add(String.valueOf((after.createdAt == null ? Instant.now() : after.createdAt).toEpochMilli()));
        // The index is what an erase request follows to the user's messages, so it drops only what
        // has expired anyway (older than the registry's TTL); the count bound is for abuse only.
        args.add(String.valueOf(Instant.now().minus(ttl).toEpochMilli()));
        args.add(String.valueOf(users.size()));
        args.add(String.valueOf(maps.size()));
        args.add(String.valueOf(MAX_PER_USER));
        records.forEach(record -> args.add(record.toJson()));
        Long outcome = redis.execute(COMPARE_AND_SET, keys, args.toArray());
        return outcome == null ? 0 : outcome;
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

    /** The ids of the user's messages in the index. */
    List<String> idsOfUser(String userId) {
        var ids = redis.opsForZSet().range(Keys.userMessages(userId), 0, -1);
        return ids == null ? List.of() : List.copyOf(ids);
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

    /** The code and provider-id keys that point at the message. */
    private static List<String> maps(TrackedMessage message) {
        List<String> keys = new ArrayList<>();
        if (message.code != null) {
            keys.add(Keys.code(message.code));
        }
        message.attempts.stream().map(TrackedMessage.AttemptRecord::providerMessageId).filter(Objects::nonNull)
                .distinct().map(Keys::provider).forEach(keys::add);
        return keys;
    }

    private static TrackedMessage parse(String json) {
        return ContractJson.read(json, TrackedMessage.class);
    }
}
