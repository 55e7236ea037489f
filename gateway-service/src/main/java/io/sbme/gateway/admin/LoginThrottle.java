package io.sbme.gateway.admin;

import io.sbme.gateway.GatewayProblem;
import io.sbme.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Bounds failed login attempts per client address and user name to a few a minute (a fixed
 * one-minute window in Redis, shared by every gateway instance), which makes guessing the password
 * hopeless while a mistyping admin is back in within a minute. An attempt counts as soon as it
 * starts, so parallel guesses cannot slip past the bound, and is given back when it succeeds, so
 * an admin (or a test suite) logging in often is never locked out.
 */
@Component
class LoginThrottle {

    private static final String PREFIX = "gw:login:";
    private static final long WINDOW_SECONDS = 60;

    /** Count the attempt and answer {count, seconds left in the window}, atomically. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> COUNT = RedisScript.of("""
            local n = redis.call('INCR', KEYS[1])
            if n == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
            local ttl = redis.call('TTL', KEYS[1])
            if ttl < 0 then redis.call('EXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
            return {n, ttl}
            """, List.class);

    /** Give one attempt back, unless the window has already ended (no key left to count down). */
    private static final RedisScript<Long> GIVE_BACK = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then return redis.call('DECR', KEYS[1]) end
            return 0
            """, Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final int attemptsPerMinute;

    LoginThrottle(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.attemptsPerMinute = properties.loginAttemptsPerMinute();
    }

    /** Completes when the attempt may go ahead; fails with a 429 problem otherwise. */
    Mono<Void> attempt(String clientAddress, String username) {
        return redis.execute(COUNT, List.of(key(clientAddress, username)), List.of(String.valueOf(WINDOW_SECONDS))).next()
                .flatMap(result -> {
                    long count = ((Number) result.get(0)).longValue();
                    long secondsLeft = ((Number) result.get(1)).longValue();
                    return count > attemptsPerMinute
                            ? Mono.error(GatewayProblem.tooManyRequests(
                                    "Too many login attempts; try again in " + secondsLeft + " s.", secondsLeft))
                            : Mono.<Void>empty();
                });
    }

    /** Gives back the attempt of a login that succeeded. */
    Mono<Void> succeeded(String clientAddress, String username) {
        return redis.execute(GIVE_BACK, List.of(key(clientAddress, username))).then();
    }

    private static String key(String clientAddress, String username) {
        return PREFIX + sha256(clientAddress + "|" + username.toLowerCase(Locale.ROOT));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
