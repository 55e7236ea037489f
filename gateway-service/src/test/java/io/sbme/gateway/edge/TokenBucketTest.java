package io.sbme.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.support.testing.TestRedis;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/** The storefront rate limit's bucket, against a real Redis. */
class TokenBucketTest {

    private static LettuceConnectionFactory connections;
    private static TokenBucket buckets;

    @BeforeAll
    static void connect() {
        connections = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
        connections.afterPropertiesSet();
        connections.start();
        buckets = new TokenBucket(new ReactiveStringRedisTemplate(connections));
    }

    @AfterAll
    static void disconnect() {
        connections.destroy();
    }

    @Test
    void allowsTheBurstThenAsksTheCallerToWait() {
        String key = "test:burst:" + System.nanoTime();

        List<Long> waits = Stream.generate(() -> buckets.take(key, 1, 3).block()).limit(4).toList();

        assertThat(waits.subList(0, 3)).containsOnly(0L);
        assertThat(waits.get(3)).isBetween(1L, 1000L);
    }

    @Test
    void keepsEveryKeyInItsOwnBucket() {
        String first = "test:a:" + System.nanoTime();
        String second = "test:b:" + System.nanoTime();
        buckets.take(first, 1, 1).block();

        Long firstAgain = buckets.take(first, 1, 1).block();
        Long secondFirst = buckets.take(second, 1, 1).block();

        assertThat(firstAgain).isPositive();
        assertThat(secondFirst).isZero();
    }

    @Test
    void aRequestTakesFromEveryBucketOrFromNoneAndWaitsForTheSlowest() {
        String cookie = "test:cookie:" + System.nanoTime();
        String address = "test:address:" + System.nanoTime();
        String otherCookie = "test:other:" + System.nanoTime();
        var cookieLimit = new TokenBucket.Limit(cookie, 1, 5);
        var addressLimit = new TokenBucket.Limit(address, 0.001, 2);

        List<Long> waits = Stream.generate(() -> buckets.take(List.of(cookieLimit, addressLimit)).block()).limit(3).toList();
        Long otherCookieSameAddress = buckets.take(List.of(new TokenBucket.Limit(otherCookie, 1, 5), addressLimit)).block();
        Long cookieAlone = buckets.take(List.of(new TokenBucket.Limit(cookie, 1, 5))).block();

        assertThat(waits.subList(0, 2)).containsOnly(0L);
        assertThat(waits.get(2)).as("the address bucket refills one token in 1,000 s").isGreaterThan(900_000L);
        assertThat(otherCookieSameAddress).isGreaterThan(900_000L);
        assertThat(cookieAlone).as("refused requests took nothing from the cookie's bucket: 5 - 2 left").isZero();
        assertThat(Stream.generate(() -> buckets.take(List.of(new TokenBucket.Limit(cookie, 1, 5))).block()).limit(2).toList())
                .containsOnly(0L);
    }

    @Test
    void letsRequestsThroughWhenRedisIsUnreachable() {
        var nowhere = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        nowhere.afterPropertiesSet();
        nowhere.start();
        try {
            TokenBucket unreachable = new TokenBucket(new ReactiveStringRedisTemplate(nowhere));

            Long wait = unreachable.take("test:down", 1, 1).block();

            assertThat(wait).isZero();
        } finally {
            nowhere.destroy();
        }
    }
}
