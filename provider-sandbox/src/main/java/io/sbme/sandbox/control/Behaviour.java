package io.sbme.sandbox.control;

import java.util.List;

/**
 * How the simulated providers behave right now: latency, failure rates, who is not on WhatsApp, and
 * the timing and quirks of status webhooks. Every quirk is off by default so tests are
 * deterministic; a test or the demo turns on what it needs through {@code PUT /sandbox/behaviour}.
 *
 * @param latencyMs how long each provider call takes before it answers
 * @param errorRate share of sends refused with a permanent error (WhatsApp 131049, Twilio 21614)
 * @param transientErrorRate share of sends refused with a retryable error (WhatsApp 131016 / 503, Twilio 20500 / 500)
 * @param notOnWhatsApp E.164 numbers that have no WhatsApp account (131026)
 * @param smsOptedOut E.164 numbers that replied STOP to our SMS sender (21610); inbound STOP adds to it
 * @param sentDelayMs delay of the {@code sent} status after the send
 * @param deliveredDelayMs delay of {@code delivered} after the send
 * @param readDelayMs delay of {@code read} (WhatsApp only) after the send
 * @param readRate share of delivered WhatsApp messages that get read
 * @param readWithoutDeliveredRate share of read messages whose {@code delivered} webhook is never sent (Meta does this)
 * @param duplicateRate share of status webhooks posted twice
 * @param outOfOrderRate share of messages whose {@code delivered} and {@code read} webhooks swap places
 * @param dropDeliveredFor numbers whose messages are never reported delivered (to exercise delivery TTL fallback)
 * @param undeliverableFor numbers whose messages are accepted, reported sent, then fail: WhatsApp {@code failed}
 *                         with error 131026, Twilio {@code undelivered} with ErrorCode 30003
 * @param rateLimitPerSecond WhatsApp sends accepted per second before 130429; 0 means unlimited
 * @param enforceWindow whether free-form WhatsApp messages (text, interactive) need a customer reply in the last 24 h (131047)
 */
public record Behaviour(
        long latencyMs,
        double errorRate,
        double transientErrorRate,
        List<String> notOnWhatsApp,
        List<String> smsOptedOut,
        long sentDelayMs,
        long deliveredDelayMs,
        long readDelayMs,
        double readRate,
        double readWithoutDeliveredRate,
        double duplicateRate,
        double outOfOrderRate,
        List<String> dropDeliveredFor,
        List<String> undeliverableFor,
        int rateLimitPerSecond,
        boolean enforceWindow) {

    /** Lists are bounded so a careless PUT cannot grow the sandbox without limit. */
    static final int MAX_LIST = 1_000;
    static final long MAX_DELAY_MS = 600_000;

    public Behaviour {
        notOnWhatsApp = List.copyOf(notOnWhatsApp == null ? List.of() : notOnWhatsApp);
        smsOptedOut = List.copyOf(smsOptedOut == null ? List.of() : smsOptedOut);
        dropDeliveredFor = List.copyOf(dropDeliveredFor == null ? List.of() : dropDeliveredFor);
        undeliverableFor = List.copyOf(undeliverableFor == null ? List.of() : undeliverableFor);
    }

    /** The demo defaults: sent after 300 ms, delivered after 1.5 s, read after 4 s, nothing odd. */
    public static Behaviour defaults() {
        return new Behaviour(0, 0, 0, List.of(), List.of(), 300, 1_500, 4_000, 1.0, 0, 0, 0, List.of(), List.of(), 0, true);
    }

    /** Refuses values that make no sense, naming the first bad one. */
    public void validate() {
        rate("errorRate", errorRate);
        rate("transientErrorRate", transientErrorRate);
        rate("readRate", readRate);
        rate("readWithoutDeliveredRate", readWithoutDeliveredRate);
        rate("duplicateRate", duplicateRate);
        rate("outOfOrderRate", outOfOrderRate);
        delay("latencyMs", latencyMs);
        delay("sentDelayMs", sentDelayMs);
        delay("deliveredDelayMs", deliveredDelayMs);
        delay("readDelayMs", readDelayMs);
        if (rateLimitPerSecond < 0) {
            throw new IllegalArgumentException("rateLimitPerSecond must be 0 (unlimited) or more, was " + rateLimitPerSecond);
        }
        for (var list : List.of(notOnWhatsApp, smsOptedOut, dropDeliveredFor, undeliverableFor)) {
            if (list.size() > MAX_LIST) {
                throw new IllegalArgumentException("number lists hold at most " + MAX_LIST + " entries");
            }
        }
    }

    public boolean isNotOnWhatsApp(String e164) {
        return notOnWhatsApp.contains(e164);
    }

    public boolean undeliverable(String e164) {
        return undeliverableFor.contains(e164);
    }

    public boolean dropsDeliveredFor(String e164) {
        return dropDeliveredFor.contains(e164);
    }

    private static void rate(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, was " + value);
        }
    }

    private static void delay(String name, long value) {
        if (value < 0 || value > MAX_DELAY_MS) {
            throw new IllegalArgumentException(name + " must be between 0 and " + MAX_DELAY_MS + ", was " + value);
        }
    }
}
