package io.sbme.decision.timers;

import io.sbme.contracts.ContractJson;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;

/**
 * Durable timers in Redis: a sorted set {@value #TIMERS} (score = due epoch ms, member = timer id),
 * a hash {@value #PAYLOADS} (id → the timer as JSON) and a per-user index for cancellation.
 *
 * <p>Claiming is one Lua script: it takes the due ids and pushes their score a lease into the
 * future in the same atomic step, so two pollers (two instances, or one restarted) never get the
 * same timer at once. A claimed timer is removed only after its work is done ({@link #complete}).
 * If the process dies between the two, the lease runs out and the timer fires again with the same
 * id and due time; handlers derive their decision id from both, so the repeat is a duplicate
 * record with the same id that consumers drop — nothing is lost and nothing is sent twice.
 */
public class TimerStore {

    public static final String TIMERS = "dec:timers";
    public static final String PAYLOADS = "dec:timer:payload";
    static final String USER_INDEX = "dec:utimers:";

    private static final DefaultRedisScript<List> CLAIM = new DefaultRedisScript<>("""
            local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(due) do
              redis.call('ZADD', KEYS[1], 'XX', ARGV[2], id)
            end
            return due
            """, List.class);

    // Removes the timer only if it was not rescheduled meanwhile (a new add_to_cart moves it).
    private static final DefaultRedisScript<Long> COMPLETE = new DefaultRedisScript<>("""
            if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
              redis.call('ZREM', KEYS[1], ARGV[1])
              redis.call('HDEL', KEYS[2], ARGV[1])
              redis.call('SREM', KEYS[3], ARGV[1])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;

    public TimerStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * A timer.
     *
     * @param kind which handler fires it, e.g. {@code abandoned_cart}
     * @param payload the handler's data as JSON
     */
    public record Timer(String id, String kind, String userId, Instant dueAt, String payload) {
    }

    /** Schedules or moves a timer. */
    public void schedule(Timer timer) {
        redis.opsForHash().put(PAYLOADS, timer.id(), ContractJson.writeString(timer));
        redis.opsForZSet().add(TIMERS, timer.id(), timer.dueAt().toEpochMilli());
        redis.opsForSet().add(USER_INDEX + timer.userId(), timer.id());
    }

    /** Schedules the timer unless one with its id is pending. */
    public boolean scheduleIfAbsent(Timer timer) {
        if (redis.opsForZSet().score(TIMERS, timer.id()) != null) {
            return false;
        }
        schedule(timer);
        return true;
    }

    public Optional<Timer> find(String id) {
        Object json = redis.opsForHash().get(PAYLOADS, id);
        return json == null ? Optional.empty() : Optional.of(ContractJson.read(json.toString(), Timer.class));
    }

    /** Cancels a timer; answers it when it was pending. */
    public Optional<Timer> cancel(String id) {
        Optional<Timer> timer = find(id);
        redis.opsForZSet().remove(TIMERS, id);
        redis.opsForHash().delete(PAYLOADS, id);
        timer.ifPresent(t -> redis.opsForSet().remove(USER_INDEX + t.userId(), id));
        return timer;
    }

    /** The user's pending timers. */
    public List<Timer> forUser(String userId) {
        Set<String> ids = redis.opsForSet().members(USER_INDEX + userId);
        if (ids == null) {
            return List.of();
        }
        List<Timer> timers = new ArrayList<>();
        for (String id : ids) {
            find(id).ifPresentOrElse(timers::add, () -> redis.opsForSet().remove(USER_INDEX + userId, id));
        }
        return timers;
    }

    /** Claims up to {@code max} due timers for {@code lease}; no other claimer sees them meanwhile. */
    @SuppressWarnings("unchecked")
    public List<Timer> claimDue(Instant now, Duration lease, int max) {
        List<String> ids = (List<String>) redis.execute(CLAIM, List.of(TIMERS), String.valueOf(now.toEpochMilli()),
                String.valueOf(now.plus(lease).toEpochMilli()), String.valueOf(max));
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<Object> payloads = redis.opsForHash().multiGet(PAYLOADS, List.copyOf(ids));
        List<Timer> timers = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            Object json = payloads.get(i);
            if (json == null) {
                redis.opsForZSet().remove(TIMERS, ids.get(i));
            } else {
                timers.add(ContractJson.read(json.toString(), Timer.class));
            }
        }
        return timers;
    }

    /** Removes a fired timer, unless it was rescheduled after it was claimed. */
    public boolean complete(Timer timer) {
        Long removed = redis.execute(COMPLETE, List.of(TIMERS, PAYLOADS, USER_INDEX + timer.userId()), timer.id(),
                ContractJson.writeString(timer));
        return Objects.equals(removed, 1L);
    }

    /** Cancels every timer of the user; answers what was pending. */
    public List<Timer> cancelAll(String userId) {
        List<Timer> pending = forUser(userId);
        pending.forEach(t -> cancel(t.id()));
        redis.delete(USER_INDEX + userId);
        return pending;
    }
}
