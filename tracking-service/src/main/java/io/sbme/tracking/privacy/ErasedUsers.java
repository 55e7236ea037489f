package io.sbme.tracking.privacy;

import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Remembers which users were erased without keeping their ids: a user is marked by a keyed
 * HMAC-SHA256 of the id ({@code trk:erased:<mark>}), as consent-service remembers deleted users.
 * Every write of per-user state checks the mark in the same Redis script as the write, so a record
 * arriving after the erase cannot bring the user's data back.
 */
@Component
public class ErasedUsers {

    private static final RedisScript<Long> SET_UNLESS_ERASED = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            redis.call('SET', KEYS[2], ARGV[1], 'PX', ARGV[2])
            return 1
            """, Long.class);
    private static final RedisScript<Long> PUT_UNLESS_ERASED = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
            redis.call('PEXPIRE', KEYS[2], ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final byte[] key;
    private final Duration ttl;

    ErasedUsers(StringRedisTemplate redis, TrackingProperties properties) {
        this.redis = redis;
        this.key = properties.erasureKey().getBytes(StandardCharsets.UTF_8);
        this.ttl = properties.erasedUserTtl();
    }

    /** The mark that stands for a user id: it can be recomputed from the id, but not turned back into it. */
    public String mark(String userId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(userId.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /** The key that exists while the user counts as erased; scripts check it atomically with their writes. */
    public String markerKey(String userId) {
        return Keys.erasedUser(mark(userId));
    }

    /** Marks the user as erased; done before their data is removed, so no write can slip in between. */
    public void remember(String userId) {
        redis.opsForValue().set(markerKey(userId), "1", ttl);
    }

    /** Those of the given users who were erased. */
    public Set<String> erasedAmong(Collection<String> userIds) {
        List<String> users = new ArrayList<>(new HashSet<>(userIds));
        if (users.isEmpty()) {
            return Set.of();
        }
        List<String> marks = redis.opsForValue().multiGet(users.stream().map(this::markerKey).toList());
        Set<String> erased = new HashSet<>();
        for (int i = 0; i < users.size(); i++) {
            if (marks != null && Objects.nonNull(marks.get(i))) {
                erased.add(users.get(i));
            }
        }
        return erased;
    }

    /** Sets {@code key} (per-user state of {@code userId}) unless the user was erased; answers whether it did. */
    public boolean setUnlessErased(String userId, String key, String value, Duration ttl) {
        return Objects.equals(redis.execute(SET_UNLESS_ERASED, List.of(markerKey(userId), key), value,
                String.valueOf(ttl.toMillis())), 1L);
    }

    /** Puts a field of the hash {@code key} (per-user state of {@code userId}) unless the user was erased. */
    public boolean putUnlessErased(String userId, String key, String field, String value, Duration ttl) {
        return Objects.equals(redis.execute(PUT_UNLESS_ERASED, List.of(markerKey(userId), key), field, value,
                String.valueOf(ttl.toMillis())), 1L);
    }
}
