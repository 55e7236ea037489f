package io.sbme.tracking.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.progress.ProgressMarkers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Publishes the outbox to Kafka from its head and removes each entry only after the broker
 * acknowledged it ({@code acks=all}); when the broker does not, it keeps the entries and tries again
 * after a growing pause.
 *
 * <p>Of several instances one relays at a time, the holder of a lease in Redis, so that records
 * leave in the order they were appended: one message's statuses are appended in the order the
 * status machine applied them, and a consumer such as the dispatcher must not see a failure after
 * delivery before the delivery. The others stand by and take over when the lease runs out.
 * Delivery is at least once: a record whose acknowledgement was lost goes out again with the same
 * id, for consumers to de-duplicate on.
 *
 * <p>Whenever a round has read the whole outbox and all of it was acknowledged, the relay hands
 * that moment to {@link ProgressMarkers}, which publishes tracking's progress behind those records.
 */
@Component
class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    /** The producer fails a send after {@code max.block.ms} + {@code delivery.timeout.ms}; this only guards against a hang. */
    private static final Duration SEND_GUARD = Duration.ofMinutes(2);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(200);

    private final Outbox outbox;
    private final ContractPublisher publisher;
    private final TrackingProperties.Outbox settings;
    private final ProgressMarkers progress;
    private final String holder = "relay-" + UUID.randomUUID();
    private final Counter published;
    private final Counter failedRounds;
    private final Counter discarded;
    private volatile boolean running;
    private Thread thread;

    OutboxRelay(Outbox outbox, ContractPublisher publisher, TrackingProperties properties, ProgressMarkers progress,
                MeterRegistry meters) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.settings = properties.outbox();
        this.progress = progress;
        Gauge.builder("tracking.outbox.backlog", outbox, OutboxRelay::backlogOrNaN)
                .description("Records waiting in the outbox for the broker's acknowledgement").register(meters);
        this.published = Counter.builder("tracking.outbox.published")
                .description("Outbox records the broker acknowledged").register(meters);
        this.failedRounds = Counter.builder("tracking.outbox.failures")
                .description("Relay rounds in which the broker did not acknowledge a record").register(meters);
        this.discarded = Counter.builder("tracking.outbox.discarded")
                .description("Unreadable outbox entries dropped").register(meters);
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("outbox-relay").start(this::relay);
    }

    @Override
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        running = false;
        thread.interrupt();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            outbox.releaseLease(holder);
        } catch (RuntimeException e) {
            log.warn("could not release the outbox lease; another instance takes over when it runs out: {}", e.toString());
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void relay() {
        Duration backoff = MIN_BACKOFF;
        while (running) {
            try {
                if (!outbox.holdLease(holder, settings.leaseTtl())) {
                    outbox.awaitAppended(settings.pollInterval().multipliedBy(10));
                    continue;
                }
                // Taken before the read: every record appended before this moment is in the batch or was published.
                Instant readAt = Instant.now();
                List<String> batch = outbox.peek(settings.batchSize());
                if (batch.isEmpty()) {
                    reportProgress(readAt);
                    outbox.awaitAppended(settings.pollInterval());
                    continue;
                }
                int acknowledged = publish(batch);
                outbox.removeHead(batch.subList(0, acknowledged));
                published.increment(acknowledged);
                if (acknowledged == batch.size()) {
                    if (batch.size() < settings.batchSize()) {
                        reportProgress(readAt);
                    }
                    backoff = MIN_BACKOFF;
                    continue;
                }
                failedRounds.increment();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // Redis unreachable, most likely: nothing was removed, so nothing is lost.
                failedRounds.increment();
                log.warn("outbox relay round failed: {}", e.toString());
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0 ? settings.maxBackoff()
                    : backoff.multipliedBy(2);
        }
    }

    /** Publishes progress up to {@code readAt}; a failure only delays it, the records are out already. */
    private void reportProgress(Instant readAt) throws InterruptedException {
        try {
            progress.publishedUpTo(readAt);
        } catch (RuntimeException e) {
            log.warn("could not publish tracking progress: {}", e.toString());
        }
    }

    /** Sends the batch in order and answers how many entries from its head the broker acknowledged. */
    private int publish(List<String> batch) throws InterruptedException {
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (String entry : batch) {
            CompletableFuture<?> send;
            try {
                OutboxRecord record = OutboxRecord.fromJson(entry);
                send = publisher.publish(record.topic(), record.key(), record.value());
            } catch (IllegalArgumentException unreadable) {
                // Only a bug or a hand edit makes one; kept, it would stop every record behind it for good.
                log.error("dropping an unreadable outbox entry", unreadable);
                discarded.increment();
                send = CompletableFuture.completedFuture(null);
            } catch (RuntimeException e) {
                send = CompletableFuture.failedFuture(e);
            }
            sends.add(send);
            if (send.isCompletedExceptionally()) {
                // The broker is not there: the rest would each wait max.block.ms for the same answer.
                break;
            }
        }
        int acknowledged = acknowledgedPrefix(sends, SEND_GUARD);
        if (acknowledged < batch.size()) {
            log.warn("the broker acknowledged {} of {} outbox records; the rest wait", acknowledged, batch.size());
        }
        return acknowledged;
    }

    /**
     * How many sends from the head succeeded before the first that did not: only those entries may
     * leave the outbox. A later send that succeeded after a failed one stays too and goes out again,
     * so that no record overtakes an earlier one.
     */
    static int acknowledgedPrefix(List<CompletableFuture<?>> sends, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int acknowledged = 0;
        for (CompletableFuture<?> send : sends) {
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                acknowledged++;
            } catch (ExecutionException | TimeoutException e) {
                return acknowledged;
            }
        }
        return acknowledged;
    }

    private static double backlogOrNaN(Outbox outbox) {
        try {
            return outbox.backlog();
        } catch (RuntimeException redisUnreachable) {
            return Double.NaN;
        }
    }
}
