package io.sbme.gateway.edge;

import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis under {@code gw:rate:}, shared by every gateway instance: a key may make
 * {@code burst} requests at once and {@code ratePerSecond} on average. Time comes from the Redis
 * server, so gateway instances with skewed clocks still agree.
 */
@Component
class TokenBucket {

    private static final Logger log = LoggerFactory.getLogger(TokenBucket.class);
    private static final String PREFIX = "gw:rate:";

    /** Take one token; answer {1 if taken else 0, milliseconds until one is available}. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = RedisScript.of("""
            local rate = tonumber(ARGV[1])
            local burst = tonumber(ARGV[2])
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
            local tokens = tonumber(state[1])
            local at = tonumber(state[2])
            if tokens == nil or at == nil then
              tokens = burst
              at = now
            end
            tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
            local taken = 0
            local wait = 0
            if tokens >= 1 then
              tokens = tokens - 1
              taken = 1
            else
              wait = math.ceil((1 - tokens) * 1000 / rate)
            end
            redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
            redis.call('PEXPIRE', KEYS[1], math.ceil(burst * 1000 / rate) + 1000)
            return {taken, wait}
            """, List.class);

    private final ReactiveStringRedisTemplate redis;

    TokenBucket(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Milliseconds the caller must wait, 0 when the request may go ahead. When Redis cannot be
     * reached the request goes ahead: a rate limit is not worth an outage of the storefront.
     */
    Mono<Long> take(String key, int ratePerSecond, int burst) {
        return redis.execute(TAKE, List.of(PREFIX + key), List.of(String.valueOf(ratePerSecond), String.valueOf(burst)))
                .next()
                .map(result -> ((Number) result.get(0)).longValue() == 1 ? 0L : Math.max(1L, ((Number) result.get(1)).longValue()))
                .onErrorResume(e -> {
                    log.warn("rate limit unavailable, letting the request through: {}", e.toString());
                    return Mono.just(0L);
                });
    }
}
