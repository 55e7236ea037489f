package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The send rate of each channel, shared by every dispatcher instance: a fixed one-second window
 * in Redis ({@code dsp:rate:<channel>:<epochSecond>}). A sender over the limit waits for a later
 * window, up to {@code sbme.dispatcher.rate-wait}, then gives the message back for a retry. The
 * wait is long enough for a full in-flight batch to drain at the default tier (200 at 80/s), so a
 * burst is smoothed here rather than bounced through the retry topics.
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
    private final long waitMillis;
    private final Clock clock;

    RateLimiter(StringRedisTemplate redis, DispatcherProperties properties, Clock clock) {
        this.redis = redis;
        this.limits = properties.ratePerSecond();
        this.waitMillis = properties.rateWait().toMillis();
        this.clock = clock;
    }

    /** Takes a send slot; false when none came free within the configured wait. */
    boolean acquire(Channel channel) {
        int limit = channel == Channel.WHATSAPP ? limits.whatsapp() : limits.sms();
        if (limit <= 0) {
            return true;
        }
        long giveUpAt = clock.millis() + waitMillis;
        while (true) {
            long now = clock.millis();
            long second = now / 1000;
            Long taken = redis.execute(TAKE, List.of("dsp:rate:" + Ledger.wire(channel) + ":" + second));
            if (taken != null && taken <= limit) {
                return true;
            }
            long nextWindow = 1000 - now % 1000 + 1;
            // Spread the waiters over the window's first milliseconds instead of waking them all at once.
            if (now + nextWindow > giveUpAt || !sleep(nextWindow + ThreadLocalRandom.current().nextInt(20))) {
                return false;
            }
        }
    }

    /** False when interrupted (the instance is stopping). */
    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
