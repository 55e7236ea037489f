package io.sbme.support.outage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/** The hold-and-probe cycle of one dependency, with real resilience4j breakers and no listener containers. */
class OutagesTest {

    private final OutageProperties properties = new OutageProperties(50, 4, 2, Duration.ofMillis(100),
            Duration.ofMillis(50), Duration.ofMillis(10));
    private final AtomicBoolean back = new AtomicBoolean();
    private Outages outages;
    private Dependency vault;

    @BeforeEach
    void start() {
        outages = new Outages(new OutageConfiguration().circuitBreakerRegistry(properties,
                new StaticListableBeanFactory().getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class)),
                properties, new StaticListableBeanFactory().getBeanProvider(KafkaListenerEndpointRegistry.class));
        vault = outages.register("vault", back::get, id -> id.startsWith("dispatch"));
        outages.start();
    }

    @AfterEach
    void stop() {
        outages.stop();
    }

    @Test
    void aRecordFailingForAnOutageIsHeldUntilTheProbeSucceedsThenRunsOnce() {
        AtomicInteger runs = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> outages.holdThrough(() -> {
            runs.incrementAndGet();
            if (!vault.up() || !back.get()) {
                vault.failed(new IllegalStateException("connection refused"));
                throw vault.down("connection refused");
            }
            succeeded.incrementAndGet();
        }));

        await().atMost(Duration.ofSeconds(5)).until(() -> vault.breaker().getState() == CircuitBreaker.State.OPEN);
        int runsWhileOpen = runs.get();
        assertThat(held).isNotDone();
        back.set(true);

        await().atMost(Duration.ofSeconds(5)).until(held::isDone);
        assertThat(held).isCompleted();
        assertThat(succeeded).hasValue(1);
        assertThat(vault.up()).isTrue();
        assertThat(runs.get() - runsWhileOpen).as("no busy retrying while the breaker was open").isLessThan(5);
    }

    @Test
    void aFailureOfOneRecordIsNotHeld() {
        assertThatThrownBy(() -> outages.holdThrough(() -> {
            throw new IllegalArgumentException("unparseable");
        })).isInstanceOf(IllegalArgumentException.class);
        assertThat(vault.up()).isTrue();
    }

    @Test
    void anExceptionDeclaredAsAnOutageOfADependencyIsHeldToo() {
        Dependency redis = outages.register("redis", () -> true, id -> true, IllegalStateException.class);
        AtomicInteger runs = new AtomicInteger();

        outages.holdThrough(() -> {
            if (runs.incrementAndGet() < 3) {
                throw new RuntimeException(new IllegalStateException("connection reset"));
            }
        });

        assertThat(runs).hasValue(3);
        assertThat(redis.up()).isTrue();
    }

    @Test
    void aHeldRecordIsReleasedWithoutRunningWhenTheServiceStops() {
        vault.breaker().transitionToOpenState();
        CompletableFuture<Void> held = CompletableFuture.runAsync(() -> outages.holdThrough(() -> {
            throw vault.down("connection refused");
        }));

        outages.stop();

        await().atMost(Duration.ofSeconds(5)).until(held::isDone);
        assertThat(held).isCompletedExceptionally();
    }
}
