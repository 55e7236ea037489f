package io.sbme.ingest.events;

import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.kafka.ContractPublisher.BrokerUnavailableException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stores accepted events: claims their ids, publishes the new ones to {@code customer-events} and
 * returns only after Kafka acknowledged every one. What was not acknowledged has its id released and
 * makes the call fail with {@link BrokerUnavailableException}, so a retry of the same call stores
 * exactly the missing events (the stored ones come back as duplicates).
 */
public class EventIngestion {

    private final ContractPublisher publisher;
    private final Deduplicator dedupe;
    private final Duration timeout;

    EventIngestion(ContractPublisher publisher, Deduplicator dedupe, Duration timeout) {
        this.publisher = publisher;
        this.dedupe = dedupe;
        this.timeout = timeout;
    }

    /** For each event, whether it was a duplicate. */
    public boolean[] store(List<CustomerEvent> events) {
        boolean[] fresh = dedupe.claim(events.stream().map(CustomerEvent::eventId).toList());
        List<CompletableFuture<?>> sends = new ArrayList<>(events.size());
        List<String> unsent = new ArrayList<>();
        RuntimeException failure = null;
        // All sends first, then one wait: the producer batches them instead of one round trip per event.
        for (int i = 0; i < events.size(); i++) {
            if (!fresh[i]) {
                sends.add(null);
                continue;
            }
            CustomerEvent event = events.get(i);
            if (failure != null) {
                // The producer already could not reach the broker; do not block once more per event.
                sends.add(null);
                unsent.add(event.eventId());
                continue;
            }
            try {
                sends.add(publisher.publish(Topics.CUSTOMER_EVENTS, event.userId(), event));
            } catch (RuntimeException e) {
                sends.add(null);
                unsent.add(event.eventId());
                failure = e;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < events.size(); i++) {
            CompletableFuture<?> send = sends.get(i);
            if (send == null) {
                continue;
            }
            try {
                send.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                unsent.add(events.get(i).eventId());
                failure = new IllegalStateException(e);
            } catch (Exception e) {
                unsent.add(events.get(i).eventId());
                failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
            }
        }
        if (failure != null) {
            dedupe.release(unsent);
            throw new BrokerUnavailableException(failure);
        }
        boolean[] duplicate = new boolean[fresh.length];
        for (int i = 0; i < fresh.length; i++) {
            duplicate[i] = !fresh[i];
        }
        return duplicate;
    }
}
