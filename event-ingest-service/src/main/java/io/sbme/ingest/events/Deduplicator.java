package io.sbme.ingest.events;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.connection.RedisStringCommands.SetOption;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.types.Expiration;

/** Remembers event ids for the dedupe window in Redis ({@code ing:dedupe:<eventId>}). */
class Deduplicator {

    static final String PREFIX = "ing:dedupe:";

    private final StringRedisTemplate redis;
    private final Duration ttl;

    Deduplicator(StringRedisTemplate redis, Duration ttl) {
        this.redis = redis;
        this.ttl = ttl;
    }

    /**
     * Claims each id; true where it is new. A batch is one pipelined round trip; a single id is one
     * plain SET NX on the shared connection, because a pipeline takes a dedicated connection of its
     * own, which cost more than the whole request at storefront rates (docs/benchmarks.md).
     */
    boolean[] claim(List<String> eventIds) {
        if (eventIds.size() == 1) {
            return new boolean[] {Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(PREFIX + eventIds.getFirst(), "1", ttl))};
        }
        List<Object> results = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String id : eventIds) {
                connection.stringCommands().set(key(id), "1".getBytes(StandardCharsets.UTF_8),
                        Expiration.from(ttl), SetOption.ifAbsent());
            }
            return null;
        });
        boolean[] fresh = new boolean[eventIds.size()];
        for (int i = 0; i < fresh.length; i++) {
            fresh[i] = Boolean.TRUE.equals(results.get(i));
        }
        return fresh;
    }

    /** Forgets ids whose events were not stored, so that the client's retry is accepted. */
    void release(List<String> eventIds) {
        if (!eventIds.isEmpty()) {
            redis.delete(eventIds.stream().map(id -> PREFIX + id).toList());
        }
    }

    private static byte[] key(String id) {
        return (PREFIX + id).getBytes(StandardCharsets.UTF_8);
    }
}
