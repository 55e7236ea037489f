package io.sbme.sandbox.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The state of the simulated outside world: the current {@link Behaviour}, which recipients wrote to
 * our WhatsApp number in the last 24 hours (Meta's customer-service window), which replied STOP to
 * our SMS number, and the WhatsApp send rate. Thread-safe; reset wipes it all.
 */
@Component
public class World {

    /** Meta lets a business send free-form messages for 24 hours after the customer's last message. */
    static final Duration WINDOW = Duration.ofHours(24);

    private final AtomicReference<Behaviour> behaviour = new AtomicReference<>(Behaviour.defaults());
    private final Map<String, Instant> lastInbound = new ConcurrentHashMap<>();
    private final Set<String> smsStopped = ConcurrentHashMap.newKeySet();
    private final AtomicLong rateSecond = new AtomicLong();
    private final AtomicLong rateCount = new AtomicLong();
    private final JsonMapper json;
    private final Clock clock;

    World(JsonMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    public Behaviour behaviour() {
        return behaviour.get();
    }

    /**
     * Applies a partial update: only the members present in {@code patch} change.
     *
     * @throws IllegalArgumentException naming an unknown member or a value out of range
     */
    @SuppressWarnings("unchecked")
    public synchronized Behaviour update(Map<String, Object> patch) {
        Map<String, Object> merged = new LinkedHashMap<>(json.convertValue(behaviour.get(), Map.class));
        for (var entry : patch.entrySet()) {
            if (!merged.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("unknown behaviour setting: " + entry.getKey());
            }
            merged.put(entry.getKey(), entry.getValue());
        }
        Behaviour next;
        try {
            next = json.convertValue(merged, Behaviour.class);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a behaviour setting has a value of the wrong type");
        }
        next.validate();
        behaviour.set(next);
        return next;
    }

    public synchronized void reset() {
        behaviour.set(Behaviour.defaults());
        lastInbound.clear();
        smsStopped.clear();
    }

    /** Records a customer's inbound message; on SMS, STOP-family words opt the number out, START opts back in. */
    public void inbound(String channel, String e164, String text) {
        if ("whatsapp".equals(channel)) {
            lastInbound.put(e164, clock.instant());
            return;
        }
        String word = text == null ? "" : text.trim().toUpperCase(java.util.Locale.ROOT);
        // Twilio's default opt-out and opt-in keywords.
        if (Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT").contains(word)) {
            smsStopped.add(e164);
        } else if (Set.of("START", "YES", "UNSTOP").contains(word)) {
            smsStopped.remove(e164);
        }
    }

    public boolean insideWindow(String e164) {
        Instant last = lastInbound.get(e164);
        return last != null && last.plus(WINDOW).isAfter(clock.instant());
    }

    public boolean smsOptedOut(String e164) {
        return smsStopped.contains(e164) || behaviour.get().smsOptedOut().contains(e164);
    }

    /** Counts a WhatsApp send against the per-second limit; false when it is over (130429). */
    public boolean takeSendPermit() {
        int limit = behaviour.get().rateLimitPerSecond();
        if (limit == 0) {
            return true;
        }
        long second = clock.millis() / 1000;
        synchronized (rateCount) {
            if (rateSecond.get() != second) {
                rateSecond.set(second);
                rateCount.set(0);
            }
            return rateCount.incrementAndGet() <= limit;
        }
    }

    /** A coin that lands true with the given probability. */
    public boolean chance(double probability) {
        return probability > 0 && ThreadLocalRandom.current().nextDouble() < probability;
    }

    /** Waits the configured provider latency, as a slow provider would. */
    public void simulateLatency() {
        long latency = behaviour.get().latencyMs();
        if (latency > 0) {
            try {
                Thread.sleep(latency);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
