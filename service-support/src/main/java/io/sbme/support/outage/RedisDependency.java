package io.sbme.support.outage;

import java.util.function.Predicate;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Redis as a dependency of a stage: a refused connection or a command that timed out is an outage
 * of Redis, not a failure of the record, and a {@code PING} tells when it is back.
 */
public final class RedisDependency {

    public static final String NAME = "redis";

    private RedisDependency() {
    }

    /** Declares Redis for the listener containers that cannot work without it. */
    public static Dependency register(Outages outages, RedisConnectionFactory redis, Predicate<String> containers) {
        return outages.register(NAME, () -> ping(redis), containers,
                RedisConnectionFailureException.class, QueryTimeoutException.class);
    }

    private static boolean ping(RedisConnectionFactory redis) {
        try (RedisConnection connection = redis.getConnection()) {
            return "PONG".equalsIgnoreCase(connection.ping());
        }
    }
}
