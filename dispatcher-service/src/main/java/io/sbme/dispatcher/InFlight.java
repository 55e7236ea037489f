package io.sbme.dispatcher;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Runs dispatches concurrently on virtual threads, at most {@code sbme.dispatcher.in-flight} at a
 * time in this instance, one after another for the same user.
 *
 * <p>Why: a dispatch mostly waits on the vault and the provider (the Cloud API answers in a few
 * hundred milliseconds), so one message at a time per consumer caps an instance at a few dozen
 * messages a second whatever its CPU. Why per user in order: a redelivered copy of a message then
 * finds the first copy's ledger entry instead of racing it, and a user's messages go out in the
 * order they were composed.
 */
@Component
class InFlight implements DisposableBean {

    private final ExecutorService threads = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("dispatch-", 0).factory());
    private final Semaphore permits;
    private final Map<String, CompletableFuture<Void>> lastOfUser = new ConcurrentHashMap<>();

    InFlight(DispatcherProperties properties, ObjectProvider<MeterRegistry> meters) {
        int limit = properties.inFlight();
        this.permits = new Semaphore(limit);
        Gauge.builder("sbme.dispatch.in.flight", permits, p -> limit - p.availablePermits())
                .description("dispatches running or waiting for the same user's earlier one")
                .register(meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    /**
     * Starts the work after the user's earlier work, waiting (on the caller's thread, the Kafka
     * consumer's) while the instance is at its limit: back-pressure instead of an unbounded queue.
     */
    CompletableFuture<Void> submit(String userId, Runnable work) {
        permits.acquireUninterruptibly();
        CompletableFuture<Void> next;
        try {
            next = lastOfUser.compute(userId, (user, previous) -> (previous == null
                    ? CompletableFuture.<Void>completedFuture(null)
                    // The earlier message's failure is its own (it goes to a retry topic); this one still runs.
                    : previous.exceptionally(failure -> null))
                    .thenRunAsync(work, threads));
        } catch (RuntimeException rejected) {
            permits.release();
            throw rejected;
        }
        CompletableFuture<Void> submitted = next;
        submitted.whenComplete((done, failure) -> {
            permits.release();
            lastOfUser.remove(userId, submitted);
        });
        return submitted;
    }

    /** Lets running dispatches finish (each is bounded by the HTTP timeouts) before the context closes. */
    @Override
    public void destroy() {
        threads.close();
    }
}
