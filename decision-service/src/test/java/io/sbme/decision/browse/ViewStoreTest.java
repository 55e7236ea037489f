package io.sbme.decision.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.decision.Fixtures;
import io.sbme.support.testing.TestRedis;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** The recent-views list and the price-drop audience against a real Redis. */
class ViewStoreTest {

    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    private LettuceConnectionFactory connection;
    private StringRedisTemplate redis;
    private ViewStore store;
    private String user;

    @BeforeEach
    void connect() {
        connection = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
        connection.afterPropertiesSet();
        connection.start();
        redis = new StringRedisTemplate(connection);
        store = new ViewStore(redis);
        user = "u-views-" + System.nanoTime();
    }

    @AfterEach
    void disconnect() {
        connection.destroy();
    }

    @Test
    void aViewAnswersTheRecentViewsOldestFirstAndKeepsOnlyTheLastFifty() {
        for (int i = 0; i < ViewStore.MAX_VIEWS + 5; i++) {
            store.view(user, Fixtures.product("p-" + i, "10.00", 1), T0.plusSeconds(i));
        }
        List<BrowseFlow.View> recent = store.view(user, Fixtures.product("sofa grey 2", "10.00", 1),
                T0.plus(Duration.ofMinutes(5)));

        assertThat(recent).hasSize(ViewStore.MAX_VIEWS);
        assertThat(recent.getFirst()).isEqualTo(new BrowseFlow.View("p-6", T0.plusSeconds(6)));
        assertThat(recent.getLast()).isEqualTo(new BrowseFlow.View("sofa grey 2", T0.plus(Duration.ofMinutes(5))));
        assertThat(store.views(user)).isEqualTo(recent);
        assertThat(redis.getExpire("dec:viewed:" + user)).isPositive();
    }

    @Test
    void aViewOrACartPutsTheUserInTheProductsAudienceAndErasureTakesThemOut() {
        String viewer = user + "-viewer";
        String carter = user + "-carter";
        String product = "p-audience-" + System.nanoTime();
        store.view(viewer, Fixtures.product(product, "20.00", 1), T0);
        store.seen(carter, Fixtures.product(product, "20.00", 1), T0.plusSeconds(30));

        assertThat(store.seenSince(product, T0.minusSeconds(1), 10))
                .containsEntry(viewer, T0).containsEntry(carter, T0.plusSeconds(30)).hasSize(2);
        assertThat(store.seenSince(product, T0.plusSeconds(1), 10)).containsOnlyKeys(carter);
        assertThat(store.product(product)).hasValueSatisfying(p -> assertThat(p.price()).isEqualByComparingTo("20.00"));

        redis.opsForValue().set("dec:views:" + viewer, "[]");
        assertThat(store.erase(viewer)).isEqualTo(4);
        assertThat(store.views(viewer)).isEmpty();
        assertThat(redis.hasKey("dec:views:" + viewer)).isFalse();
        assertThat(store.seenSince(product, T0.minusSeconds(1), 10)).containsOnlyKeys(carter);
    }
}
