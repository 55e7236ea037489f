package io.sbme.tracking.progress;

import io.sbme.tracking.TrackingProperties;
import java.time.Duration;
import java.time.Instant;

/**
 * The watermark rule, pure: up to which moment tracking vouches that every provider receipt it took
 * is published on {@code tracking-events}. It only moves forward, stays behind the moment the outbox
 * was last seen published whole (by the in-flight allowance) and behind the oldest parked status,
 * and after an outage it stays where it was while the providers' retries of the webhooks that failed
 * meanwhile can still arrive.
 *
 * @param watermark what was last published, or null before the first time
 * @param tickAt when progress was last published, or null before the first time
 * @param holdUntil until when the watermark stays where it is (after an outage), or null
 */
public record Watermark(Instant watermark, Instant tickAt, Instant holdUntil) {

    /** Nothing published yet. */
    public static final Watermark NONE = new Watermark(null, null, null);

    /**
     * The progress to publish now.
     *
     * @param now this instance's clock
     * @param publishedUpTo a moment at which the whole outbox was read and has since been acknowledged
     * @param oldestParked when the oldest status still parked (for a message not known yet) arrived, or null
     */
    public Watermark next(Instant now, Instant publishedUpTo, Instant oldestParked, TrackingProperties.Progress rules) {
        Instant hold = holdUntil;
        if (tickAt != null) {
            Duration since = Duration.between(tickAt, now);
            if (since.compareTo(rules.gap()) > 0) {
                // Webhooks failed (or were never sent) for as long as nothing was published.
                hold = later(hold, now.plus(since).plus(rules.retryMargin()));
            }
        }
        if (hold != null && now.isBefore(hold)) {
            return new Watermark(watermark, now, hold);
        }
        Instant candidate = publishedUpTo.minus(rules.inFlightAllowance());
        if (oldestParked != null && oldestParked.isBefore(candidate)) {
            candidate = oldestParked;
        }
        return new Watermark(later(watermark, candidate), now, hold);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
