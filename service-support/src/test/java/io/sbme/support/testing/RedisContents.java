package io.sbme.support.testing;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Everything in a Redis database as text, key by key, for privacy scans: a test asserts that an id
 * or a number appears in no key and no value, whatever the value's type.
 */
public final class RedisContents {

    private RedisContents() {
    }

    /** Every key with its value (hashes, sets, sorted sets and lists flattened to text). */
    public static Map<String, String> dump(StringRedisTemplate redis) {
        Map<String, String> dump = new TreeMap<>();
        Set<String> keys = redis.keys("*");
        for (String key : keys == null ? Set.<String>of() : keys) {
            var type = redis.type(key);
            dump.put(key, switch (type == null ? "none" : type.code()) {
                case "string" -> String.valueOf(redis.opsForValue().get(key));
                case "hash" -> String.valueOf(redis.opsForHash().entries(key));
                case "set" -> String.valueOf(redis.opsForSet().members(key));
                case "zset" -> String.valueOf(redis.opsForZSet().range(key, 0, -1));
                case "list" -> String.valueOf(redis.opsForList().range(key, 0, -1));
                default -> "";
            });
        }
        return dump;
    }

    /** The keys whose name or value mentions {@code needle}. */
    public static Set<String> keysHolding(StringRedisTemplate redis, String needle) {
        Set<String> found = new java.util.TreeSet<>();
        dump(redis).forEach((key, value) -> {
            if (key.contains(needle) || value.contains(needle)) {
                found.add(key);
            }
        });
        return found;
    }
}
