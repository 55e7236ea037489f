package io.sbme.tracking.outbox;

import io.sbme.tracking.Keys;
import io.sbme.tracking.privacy.ErasedUsers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The transactional outbox: records bound for Kafka wait in the Redis list {@code trk:outbox},
 * appended by the same Redis script as the state change they report (see {@code MessageRegistry}),
 * and leave it only after the broker acknowledged them ({@link OutboxRelay}). Appending never waits
 * for Kafka, so a webhook is answered whether or not the broker is reachable.
 *
 * <p>One list in append order, rather than a stream read by a consumer group: a consumer group
 * hands consecutive entries to different instances, which would publish one message's statuses out
 * of order; the relay instead holds a lease and publishes from the head.
 */
@Component
public class Outbox {

    private static final RedisScript<Long> APPEND = RedisScript.of("""
            for i = 2, #KEYS do
              if redis.call('EXISTS', KEYS[i]) == 1 then
                return 0
              end
            end
            for i = 1, #ARGV do
              redis.call('RPUSH', KEYS[1], ARGV[i])
            end
            return 1
            """, Long.class);
    // Pops only entries that are still exactly what was published: an entry rewritten meanwhile (an
    // erase took its user id out) stays, and so does everything behind it, to go out again.
    private static final RedisScript<Long> REMOVE_HEAD = RedisScript.of("""
            local removed = 0
            for i = 1, #ARGV do
              if redis.call('LINDEX', KEYS[1], 0) ~= ARGV[i] then
                break
              end
              redis.call('LPOP', KEYS[1])
              removed = removed + 1
            end
            return removed
            """, Long.class);
    private static final RedisScript<List> MENTIONING = RedisScript.of("""
            local found = {}
            for _, entry in ipairs(redis.call('LRANGE', KEYS[1], 0, -1)) do
              if string.find(entry, ARGV[1], 1, true) then
                table.insert(found, entry)
              end
            end
            return found
            """, List.class);
    // Rewrites in place (LSET at the entry's current position), so the outbox keeps its order.
    private static final RedisScript<Long> REWRITE = RedisScript.of("""
            local changed = 0
            for i = 1, #ARGV, 2 do
              local at = redis.call('LPOS', KEYS[1], ARGV[i])
              if at then
                if ARGV[i + 1] == '' then
                  redis.call('LREM', KEYS[1], 1, ARGV[i])
                else
                  redis.call('LSET', KEYS[1], at, ARGV[i + 1])
                end
                changed = changed + 1
              end
            end
            return changed
            """, Long.class);
    private static final RedisScript<Long> HOLD_LEASE = RedisScript.of("""
            local holder = redis.call('GET', KEYS[1])
            if holder == false or holder == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
              return 1
            end
            return 0
            """, Long.class);
    private static final RedisScript<Long> RELEASE_LEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ErasedUsers erasedUsers;
    private final Semaphore appended = new Semaphore(0);

    Outbox(StringRedisTemplate redis, ErasedUsers erasedUsers) {
        this.redis = redis;
        this.erasedUsers = erasedUsers;
    }

    /**
     * Appends records that report no state change of their own (a user fact, a holdout conversion);
     * the records of an erased user go without their user id, or not at all.
     */
    public void append(List<OutboxRecord> records) {
        Set<String> erased = new HashSet<>();
        // Each refusal names at least one more erased user, so this ends.
        for (int attempt = 0; attempt <= records.size(); attempt++) {
            List<OutboxRecord> effective = OutboxRecord.withoutUsers(records, erased);
            if (effective.isEmpty()) {
                return;
            }
            Set<String> users = userIds(effective);
            List<String> keys = new ArrayList<>();
            keys.add(Keys.outbox());
            users.forEach(user -> keys.add(erasedUsers.markerKey(user)));
            Long done = redis.execute(APPEND, keys, effective.stream().map(OutboxRecord::toJson).toArray());
            if (Objects.equals(done, 1L)) {
                appended();
                return;
            }
            // A user was erased between the caller's reads and this write.
            erased.addAll(erasedUsers.erasedAmong(users));
        }
        throw new IllegalStateException("outbox append refused " + (records.size() + 1) + " times");
    }

    /** The users the records are about. */
    public static Set<String> userIds(List<OutboxRecord> records) {
        Set<String> users = new HashSet<>();
        records.stream().map(OutboxRecord::userId).filter(Objects::nonNull).forEach(users::add);
        return users;
    }

    /** Tells a waiting relay on this instance that records were appended. */
    public void appended() {
        if (appended.availablePermits() == 0) {
            appended.release();
        }
    }

    /**
     * Takes the user's id out of every record still waiting (their customer events are dropped), so
     * nothing published after the erase carries it. Called after the user was marked as erased, so no
     * new record of theirs can be appended meanwhile.
     *
     * @return how many entries changed
     */
    public long forgetUser(String userId) {
        @SuppressWarnings("unchecked")
        List<String> mentioning = redis.execute(MENTIONING, List.of(Keys.outbox()), userId);
        if (mentioning == null || mentioning.isEmpty()) {
            return 0;
        }
        List<String> pairs = new ArrayList<>();
        for (String entry : mentioning) {
            OutboxRecord record;
            try {
                record = OutboxRecord.fromJson(entry);
            } catch (IllegalArgumentException unreadable) {
                // It can never be published, and it holds the id.
                pairs.add(entry);
                pairs.add("");
                continue;
            }
            if (userId.equals(record.userId())) {
                pairs.add(entry);
                pairs.add(record.withoutUser().map(OutboxRecord::toJson).orElse(""));
            }
        }
        if (pairs.isEmpty()) {
            return 0;
        }
        Long changed = redis.execute(REWRITE, List.of(Keys.outbox()), pairs.toArray());
        return changed == null ? 0 : changed;
    }

    /** How many records wait. */
    public long backlog() {
        Long size = redis.opsForList().size(Keys.outbox());
        return size == null ? 0 : size;
    }

    /** The oldest {@code count} entries, oldest first, left in place. */
    List<String> peek(int count) {
        List<String> entries = redis.opsForList().range(Keys.outbox(), 0, count - 1L);
        return entries == null ? List.of() : entries;
    }

    /** Removes the given entries from the head, as long as the head still is each of them in turn. */
    long removeHead(List<String> published) {
        if (published.isEmpty()) {
            return 0;
        }
        Long removed = redis.execute(REMOVE_HEAD, List.of(Keys.outbox()), published.toArray());
        return removed == null ? 0 : removed;
    }

    /** Waits until records are appended on this instance or the time is up. */
    void awaitAppended(Duration timeout) throws InterruptedException {
        if (appended.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            appended.drainPermits();
        }
    }

    /** Takes or renews the relay lease; answers whether this holder has it. */
    boolean holdLease(String holder, Duration ttl) {
        return Objects.equals(redis.execute(HOLD_LEASE, List.of(Keys.outboxLease()), holder,
                String.valueOf(ttl.toMillis())), 1L);
    }

    /** Gives the lease up so another instance can take over at once. */
    void releaseLease(String holder) {
        redis.execute(RELEASE_LEASE, List.of(Keys.outboxLease()), holder);
    }
}
