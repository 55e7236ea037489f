package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.support.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

class RateLimiterIT {

    private final LettuceConnectionFactory connections = new LettuceConnectionFactory(
            new RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
    private final StringRedisTemplate redis = redis();

    @AfterEach
    void close() {
        connections.destroy();
    }

    @Test
    void twoInstancesShareOneLimitPerChannelAndSecond() {
        DispatcherProperties properties = new DispatcherProperties("http://x", null, null,
                new DispatcherProperties.Rate(5, 100), null, Duration.ofSeconds(1), null, Duration.ofMillis(1500));
        RateLimiter one = new RateLimiter(redis, properties, Clock.systemUTC());
        RateLimiter two = new RateLimiter(redis, properties, Clock.systemUTC());
        awaitStartOfASecond();

        long started = System.currentTimeMillis();
        for (int i = 0; i < 3; i++) {
            assertThat(one.acquire(Channel.WHATSAPP)).isTrue();
            assertThat(two.acquire(Channel.WHATSAPP)).isTrue();
        }
        long sixthSlot = System.currentTimeMillis() - started;

        // five slots per second across both instances: the sixth had to wait for the next second
        assertThat(sixthSlot).isGreaterThanOrEqualTo(500);
        assertThat(one.acquire(Channel.SMS)).isTrue();
    }

    private static void awaitStartOfASecond() {
        org.awaitility.Awaitility.await().pollInterval(Duration.ofMillis(2)).atMost(Duration.ofSeconds(2))
                .until(() -> System.currentTimeMillis() % 1000 < 100);
    }

    private StringRedisTemplate redis() {
        connections.afterPropertiesSet();
        connections.start();
        return new StringRedisTemplate(connections);
    }
}
