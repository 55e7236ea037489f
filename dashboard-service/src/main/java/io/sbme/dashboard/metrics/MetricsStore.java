package io.sbme.dashboard.metrics;

import io.sbme.dashboard.DashboardProperties;
import io.sbme.dashboard.UserDigest;
import io.sbme.support.privacy.Erasable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * The counters in Redis ({@code dash:} keys), so they survive a restart and are shared by every
 * instance: an all-time hash, one hash per minute (kept {@code minuteRetention}), the per-user sets
 * behind unique counts (opt-outs, A/B users and conversions) and the channels' pause state.
 *
 * <p>A record's increments and its "seen" marker are written by one Lua script, so a redelivered
 * record (same id) never counts twice and a crash can never leave half a record counted.
 */
@Component
public class MetricsStore implements Erasable {

    static final String TOTALS = "dash:totals";
    static final String MINUTES = "dash:minutes";
    static final String OPT_OUT_USERS = "dash:optout:users";
    public static final String VERSION = "dash:version";
    static final String ARMS = "dash:exp:arms";
    static final String CHANNELS = "dash:channels";
    /** What an erased user's id becomes in the sets; unique per user so counts stay. */
    static final String ERASED = "erased-";

    private static final DefaultRedisScript<Long> APPLY = new DefaultRedisScript<>("""
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            local counted = 1
            if ARGV[4] ~= '' and redis.call('SADD', KEYS[5], ARGV[4]) == 0 then counted = 0 end
            if counted == 1 and #ARGV > 4 then
              for i = 5, #ARGV, 2 do
                redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
                redis.call('HINCRBY', KEYS[3], ARGV[i], ARGV[i + 1])
              end
              redis.call('EXPIRE', KEYS[3], ARGV[3])
              redis.call('ZADD', KEYS[4], ARGV[2], ARGV[2])
              redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. (tonumber(ARGV[2]) - math.floor(tonumber(ARGV[3]) / 60)))
            end
            redis.call('INCR', KEYS[6])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final DashboardProperties properties;

    MetricsStore(StringRedisTemplate redis, DashboardProperties properties) {
        this.redis = redis;
        this.properties = properties;
    }

    /** Applies a record's increments once; answers whether the record was new. */
    public boolean apply(Tally tally) {
        return apply(tally, properties.seenRetention());
    }

    /** The same, remembering the record's id for {@code seenFor} only. */
    public boolean apply(Tally tally, java.time.Duration seenFor) {
        long minute = minuteOf(tally.at() == null ? Instant.now() : tally.at());
        List<String> keys = List.of(seenKey(tally.recordKey()), TOTALS, "dash:min:" + minute, MINUTES,
                OPT_OUT_USERS, VERSION);
        List<Object> args = new ArrayList<>();
        args.add(String.valueOf(Math.max(1, seenFor.toSeconds())));
        args.add(String.valueOf(minute));
        args.add(String.valueOf(properties.minuteRetention().toSeconds()));
        args.add(tally.oncePerUser() == null ? "" : tally.oncePerUser());
        for (Tally.Count count : tally.counts()) {
            args.add(count.field());
            args.add(String.valueOf(count.amount()));
        }
        Long result = redis.execute(APPLY, keys, args.toArray());
        return result != null && result == 1L;
    }

    /** Puts a user into an A/B arm (idempotent: a set). */
    public void assign(String flow, String arm, String userId) {
        redis.opsForSet().add(ARMS, flow + Tally.SEPARATOR + arm);
        redis.opsForSet().add(usersKey(flow, arm), userId);
        redis.opsForValue().increment(VERSION);
    }

    /** Records that a user of an arm converted; the user counts as assigned too. */
    public void convert(String flow, String arm, String userId) {
        redis.opsForSet().add(ARMS, flow + Tally.SEPARATOR + arm);
        redis.opsForSet().add(usersKey(flow, arm), userId);
        redis.opsForSet().add(conversionsKey(flow, arm), userId);
        redis.opsForValue().increment(VERSION);
    }

    public void channel(String channel, boolean paused) {
        redis.opsForHash().put(CHANNELS, channel, paused ? "paused" : "active");
        redis.opsForValue().increment(VERSION);
    }

    /** Increases whenever anything counted changes; the stream compares it to decide whether to push. */
    public long version() {
        String value = redis.opsForValue().get(VERSION);
        return value == null ? 0 : Long.parseLong(value);
    }

    Map<String, Long> totals() {
        return longs(redis.<String, String>opsForHash().entries(TOTALS));
    }

    /** The sum of the per-minute counters from {@code since}'s minute on. */
    Map<String, Long> since(Instant since) {
        Map<String, Long> sum = new HashMap<>();
        for (Map<String, Long> minute : minutes(minuteOf(since), Long.MAX_VALUE).values()) {
            minute.forEach((field, value) -> sum.merge(field, value, Long::sum));
        }
        return sum;
    }

    /** The per-minute counters between two epoch minutes (inclusive), by minute. */
    Map<Long, Map<String, Long>> minutes(long from, long to) {
        Set<String> present = redis.opsForZSet().rangeByScore(MINUTES, from, to);
        Map<Long, Map<String, Long>> result = new LinkedHashMap<>();
        if (present == null) {
            return result;
        }
        for (String minute : present) {
            result.put(Long.parseLong(minute), longs(redis.<String, String>opsForHash().entries("dash:min:" + minute)));
        }
        return result;
    }

    /** Users and conversions per flow and arm. */
    List<ArmCounts> arms() {
        Set<String> arms = redis.opsForSet().members(ARMS);
        List<ArmCounts> result = new ArrayList<>();
        if (arms == null) {
            return result;
        }
        for (String flowArm : arms) {
            int split = flowArm.indexOf(Tally.SEPARATOR);
            String flow = flowArm.substring(0, split);
            String arm = flowArm.substring(split + 1);
            Long users = redis.opsForSet().size(usersKey(flow, arm));
            Long conversions = redis.opsForSet().size(conversionsKey(flow, arm));
            result.add(new ArmCounts(flow, arm, users == null ? 0 : users, conversions == null ? 0 : conversions));
        }
        return result;
    }

    record ArmCounts(String flow, String arm, long users, long conversions) {
    }

    Map<String, String> channels() {
        return redis.<String, String>opsForHash().entries(CHANNELS);
    }

    /**
     * What stands for an erased user in the per-user sets: one placeholder per user (a digest, not
     * the id), so unique counts stay right, also when a late record about them arrives.
     */
    public static String placeholder(String userId) {
        return ERASED + UserDigest.of(userId);
    }

    /** Replaces the user's id in every per-user set with their placeholder. */
    @Override
    public long erase(String userId) {
        String placeholder = placeholder(userId);
        long erased = 0;
        List<String> sets = new ArrayList<>();
        sets.add(OPT_OUT_USERS);
        Set<String> arms = redis.opsForSet().members(ARMS);
        if (arms != null) {
            for (String flowArm : arms) {
                int split = flowArm.indexOf(Tally.SEPARATOR);
                sets.add(usersKey(flowArm.substring(0, split), flowArm.substring(split + 1)));
                sets.add(conversionsKey(flowArm.substring(0, split), flowArm.substring(split + 1)));
            }
        }
        for (String set : sets) {
            Long removed = redis.opsForSet().remove(set, userId);
            if (removed != null && removed > 0) {
                redis.opsForSet().add(set, placeholder);
                erased++;
            }
        }
        return erased;
    }

    /** The marker that a record was counted; its presence makes a redelivery count nothing. */
    public static String seenKey(String recordKey) {
        return "dash:seen:" + recordKey;
    }

    static long minuteOf(Instant at) {
        return Math.floorDiv(at.getEpochSecond(), 60);
    }

    private static String usersKey(String flow, String arm) {
        return "dash:exp:users:" + flow + ":" + arm;
    }

    private static String conversionsKey(String flow, String arm) {
        return "dash:exp:conv:" + flow + ":" + arm;
    }

    private static Map<String, Long> longs(Map<String, String> raw) {
        Map<String, Long> result = new HashMap<>();
        raw.forEach((k, v) -> result.put(k, Long.parseLong(v)));
        return result;
    }
}
