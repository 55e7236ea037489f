package io.sbme.decision.caps;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Flow;
import io.sbme.decision.Fixtures;
import io.sbme.support.testing.TestRedis;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Cap history against a real Redis: sends count per number as well as per profile. */
class CapStoreTest {

    private static final Instant NOW = Instant.parse("2026-12-01T08:00:00Z");

    private LettuceConnectionFactory factory;
    private CapStore caps;
    private StringRedisTemplate redis;

    @BeforeEach
    void connect() {
        factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new StringRedisTemplate(factory);
        caps = new CapStore(redis, Fixtures.properties());
    }

    @AfterEach
    void disconnect() {
        factory.destroy();
    }

    @Test
    void anotherProfileOnTheSameNumberSharesItsCapsButNotAnotherNumbers() {
        String number = "k-" + UUID.randomUUID();
        String first = "u-" + UUID.randomUUID();
        String second = "u-" + UUID.randomUUID();
        String elsewhere = "u-" + UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            caps.record(first, number, Flow.ABANDONED_CART, "c-" + i, "m-" + first + i, NOW.minusSeconds(60L * i));
        }

        FrequencyCaps.History sameNumber = caps.history(second, number, Flow.ABANDONED_CART, "c-0", NOW);
        FrequencyCaps.History ownHistory = caps.history(first, number, Flow.ABANDONED_CART, "c-0", NOW);
        FrequencyCaps.History otherNumber = caps.history(elsewhere, "k-" + UUID.randomUUID(), Flow.ABANDONED_CART,
                "c-0", NOW);

        assertThat(sameNumber.marketing()).hasSize(3);
        assertThat(sameNumber.sameRef()).hasSize(1);
        assertThat(ownHistory.marketing()).as("a send counted once, not once per key").hasSize(3);
        assertThat(otherNumber.marketing()).isEmpty();
        assertThat(FrequencyCaps.check(sameNumber, Fixtures.properties().caps(), NOW)).isPresent();
    }

    @Test
    void erasingAUserRemovesTheirSendsFromTheNumberToo() {
        String number = "k-" + UUID.randomUUID();
        String erased = "u-" + UUID.randomUUID();
        String kept = "u-" + UUID.randomUUID();
        caps.record(erased, number, Flow.PRICE_DROP, "p-1", "m-erased", NOW);
        caps.record(kept, number, Flow.PRICE_DROP, "p-2", "m-kept", NOW);

        caps.erase(erased);

        assertThat(caps.history(kept, number, Flow.PRICE_DROP, "p-2", NOW).marketing()).hasSize(1);
        assertThat(redis.keys("dec:caps*:" + erased)).isEmpty();
    }
}
