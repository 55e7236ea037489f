package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import java.time.Clock;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The send rate of each channel, shared by every dispatcher instance: a fixed one-second window
 * in Redis ({@code dsp:rate:<channel>:<epochSecond>}). A sender over the limit waits for the next
 * window, up to a second, then gives the message back for a retry.
 */
@Component
class RateLimiter {

    private static final RedisScript<Long> TAKE = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('PEXPIRE', KEYS[1], 2000) end
            return n
            """, Long.class);

    private final StringRedisTemplate redis;
    private final DispatcherProperties.Rate limits;
    private final Clock clock;

    RateLimiter(StringRedisTemplate redis, DispatcherProperties properties, Clock clock) {
        this.redis = redis;
        this.limits = properties.ratePerSecond();
        this.clock = clock;
    }

    /** Takes a send slot; false when none came free within about a second. */
    boolean acquire(Channel channel) {
        int limit = channel == Channel.WHATSAPP ? limits.whatsapp() : limits.sms();
        if (limit <= 0) {
            return true;
        }
        for (int tries = 0; tries < 3; tries++) {
            long now = clock.millis();
            long second = now / 1000;
            Long taken = redis.execute(TAKE, List.of("dsp:rate:" + Ledger.wire(channel) + ":" + second));
            if (taken != null && taken <= limit) {
                return true;
            }
            sleep(1000 - now % 1000 + 1);
        }
        return false;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
