package io.sbme.gateway.edge;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Token buckets in Redis under {@code gw:rate:}, shared by every gateway instance: a key may make
 * {@code burst} requests at once and {@code perSecond} on average. Time comes from the Redis
 * server, so gateway instances with skewed clocks still agree.
 */
@Component
class TokenBucket {

    private static final Logger log = LoggerFactory.getLogger(TokenBucket.class);
    private static final String PREFIX = "gw:rate:";

    /** One bucket a request must take a token from. */
    record Limit(String key, double perSecond, int burst) {
    }

    /**
     * Takes one token from every bucket, or from none when any is empty (a refused request costs
     * no bucket anything); answers {1 if taken else 0, milliseconds until every bucket has one}.
     * ARGV holds a rate (tokens per millisecond) and a burst per key.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE = RedisScript.of("""
            local time = redis.call('TIME')
            local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local tokens = {}
            local wait = 0
            for i, key in ipairs(KEYS) do
              local rate = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
              local state = redis.call('HMGET', key, 'tokens', 'at')
              local have = tonumber(state[1])
              local at = tonumber(state[2])
              if have == nil or at == nil then
                have = burst
                at = now
              end
              have = math.min(burst, have + math.max(0, now - at) * rate)
              if have < 1 then
                wait = math.max(wait, math.ceil((1 - have) / rate))
              end
              tokens[i] = have
            end
            for i, key in ipairs(KEYS) do
              local rate = tonumber(ARGV[2 * i - 1])
              local burst = tonumber(ARGV[2 * i])
              local left = tokens[i]
              if wait == 0 then
                left = left - 1
              end
              redis.call('HSET', key, 'tokens', tostring(left), 'at', tostring(now))
              redis.call('PEXPIRE', key, math.ceil(burst / rate) + 1000)
            end
            if wait == 0 then
              return {1, 0}
            end
            return {0, wait}
            """, List.class);

    private final ReactiveStringRedisTemplate redis;

    TokenBucket(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** {@link #take(List)} for one bucket. */
    Mono<Long> take(String key, int ratePerSecond, int burst) {
        return take(List.of(new Limit(key, ratePerSecond, burst)));
    }

    /**
     * Milliseconds the caller must wait, 0 when the request may go ahead, after one Redis round
     * trip whatever the number of buckets. When Redis cannot be reached the request goes ahead: a
     * rate limit is not worth an outage of the storefront.
     */
    Mono<Long> take(List<Limit> limits) {
        List<String> keys = new ArrayList<>(limits.size());
        List<String> args = new ArrayList<>(limits.size() * 2);
        for (Limit limit : limits) {
            keys.add(PREFIX + limit.key());
            args.add(String.valueOf(limit.perSecond() / 1000));
            args.add(String.valueOf(limit.burst()));
        }
        return redis.execute(TAKE, keys, args)
                .next()
                .map(result -> ((Number) result.get(0)).longValue() == 1 ? 0L : Math.max(1L, ((Number) result.get(1)).longValue()))
                .onErrorResume(e -> {
                    log.warn("rate limit unavailable, letting the request through: {}", e.toString());
                    return Mono.just(0L);
                });
    }
}
