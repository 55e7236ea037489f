package io.sbme.decision.timers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.sbme.support.testing.TestRedis;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/** Durable timers against a real Redis: what two pollers (two instances, or one before and after a restart) do. */
class TimerStoreTest {

    private LettuceConnectionFactory first;
    private LettuceConnectionFactory second;
    private StringRedisTemplate redisA;
    private StringRedisTemplate redisB;

    private static LettuceConnectionFactory connect() {
        var factory = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", TestRedis.port()));
        factory.afterPropertiesSet();
        factory.start();
        return factory;
    }

    @BeforeEach
    void connectTwice() {
        first = connect();
        second = connect();
        redisA = new StringRedisTemplate(first);
        redisB = new StringRedisTemplate(second);
        redisA.delete(List.of(TimerStore.TIMERS, TimerStore.PAYLOADS));
    }

    @AfterEach
    void disconnect() {
        first.destroy();
        second.destroy();
    }

    /** Counts firings per timer id. */
    private static TimerHandler counting(Map<String, AtomicInteger> fired) {
        return new TimerHandler() {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            public void fire(TimerStore.Timer timer, Instant now) {
                fired.computeIfAbsent(timer.id(), k -> new AtomicInteger()).incrementAndGet();
            }
        };
    }

    @Test
    void firesEachDueTimerExactlyOnceWithTwoPollersOnTheSameRedis() throws Exception {
        Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
        Clock clock = Clock.systemUTC();
        TimerStore storeA = new TimerStore(redisA);
        TimerStore storeB = new TimerStore(redisB);
        for (int i = 0; i < 200; i++) {
            storeA.schedule(new TimerStore.Timer("t-" + i, "test", "u-" + (i % 7), clock.instant().minusMillis(i), "{}"));
        }
        TimerPoller pollerA = new TimerPoller(storeA, List.of(counting(fired)), clock, Duration.ofMillis(5),
                Duration.ofSeconds(30), 10, true);
        TimerPoller pollerB = new TimerPoller(storeB, List.of(counting(fired)), clock, Duration.ofMillis(5),
                Duration.ofSeconds(30), 10, true);

        pollerA.start();
        pollerB.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> redisA.opsForZSet().size(TimerStore.TIMERS) == 0);
        pollerA.stop();
        pollerB.stop();

        assertThat(fired).hasSize(200);
        assertThat(fired.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(redisA.opsForHash().size(TimerStore.PAYLOADS)).isZero();
    }

    @Test
    void firesATimerClaimedByAnInstanceThatDiedAgainAfterTheLeaseWithTheSameIdAndDueTime() {
        Instant due = Instant.parse("2026-11-24T09:00:00Z");
        TimerStore store = new TimerStore(redisA);
        store.schedule(new TimerStore.Timer("abandoned_cart:u-1", "test", "u-1", due, "{\"x\":1}"));
        Map<String, AtomicInteger> fired = new ConcurrentHashMap<>();
        AtomicReference<TimerStore.Timer> seen = new AtomicReference<>();

        // The first instance claims the timer and dies before completing it (kill -9 after publish, before ZREM).
        List<TimerStore.Timer> claimedByTheDead = store.claimDue(due.plusSeconds(1), Duration.ofSeconds(60), 10);
        TimerPoller restartedTooSoon = new TimerPoller(new TimerStore(redisB), List.of(counting(fired)),
                Clock.fixed(due.plusSeconds(30), ZoneOffset.UTC), Duration.ofMillis(5), Duration.ofSeconds(60), 10, false);
        int firedWithinLease = restartedTooSoon.pollOnce();
        TimerPoller restartedAfterLease = new TimerPoller(new TimerStore(redisB), List.of(new TimerHandler() {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            public void fire(TimerStore.Timer timer, Instant now) {
                seen.set(timer);
            }
        }), Clock.fixed(due.plusSeconds(62), ZoneOffset.UTC), Duration.ofMillis(5), Duration.ofSeconds(60), 10, false);
        int firedAfterLease = restartedAfterLease.pollOnce();

        assertThat(claimedByTheDead).hasSize(1);
        assertThat(firedWithinLease).isZero();
        assertThat(firedAfterLease).isEqualTo(1);
        assertThat(seen.get()).isEqualTo(claimedByTheDead.getFirst());
        assertThat(seen.get().dueAt()).isEqualTo(due);
        assertThat(store.find("abandoned_cart:u-1")).isEmpty();
    }

    @Test
    void keepsATimerThatWasRescheduledWhileItWasBeingFired() {
        Instant due = Instant.parse("2026-11-24T09:00:00Z");
        TimerStore store = new TimerStore(redisA);
        store.schedule(new TimerStore.Timer("abandoned_cart:u-2", "test", "u-2", due, "{}"));

        TimerStore.Timer claimed = store.claimDue(due, Duration.ofSeconds(60), 10).getFirst();
        store.schedule(new TimerStore.Timer("abandoned_cart:u-2", "test", "u-2", due.plusSeconds(20), "{}"));
        boolean removed = store.complete(claimed);

        assertThat(removed).isFalse();
        assertThat(store.find("abandoned_cart:u-2")).hasValueSatisfying(t -> assertThat(t.dueAt()).isEqualTo(due.plusSeconds(20)));
        assertThat(store.forUser("u-2")).hasSize(1);
    }

    @Test
    void cancelsEveryTimerOfAUser() {
        TimerStore store = new TimerStore(redisA);
        Instant due = Instant.parse("2026-11-24T09:00:00Z");
        store.schedule(new TimerStore.Timer("a:u-3", "test", "u-3", due, "{}"));
        store.schedule(new TimerStore.Timer("b:u-3", "test", "u-3", due, "{}"));
        store.schedule(new TimerStore.Timer("a:u-4", "test", "u-4", due, "{}"));

        List<TimerStore.Timer> cancelled = store.cancelAll("u-3");

        assertThat(cancelled).extracting(TimerStore.Timer::id).containsExactlyInAnyOrder("a:u-3", "b:u-3");
        assertThat(store.claimDue(due, Duration.ofSeconds(1), 10)).extracting(TimerStore.Timer::id).containsExactly("a:u-4");
    }
}
