package io.sbme.tracking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracking's settings: the provider secrets that sign webhooks, the public URL the providers call
 * and shoppers land on, the consent-service URL, how long things are remembered, and how the
 * outbox is relayed to Kafka.
 *
 * @param publicBaseUrl the gateway's public URL: Twilio signs the URL it called, which is this plus the path
 * @param attributionWindow how long after a click an order is attributed to it
 * @param seenTtl how long an applied webhook is remembered (Meta retries for up to 7 days)
 * @param registryTtl how long a message's record is kept
 * @param erasureKey the HMAC key that turns an erased user's id into the mark remembered instead of it
 * @param erasedUserTtl how long an erased user's mark is kept: longer than any late record can take
 *                      (Kafka retention, provider webhook retries)
 */
@ConfigurationProperties("tracking")
public record TrackingProperties(
        String whatsappAppSecret,
        String whatsappVerifyToken,
        String twilioAuthToken,
        String publicBaseUrl,
        String consentUrl,
        Duration attributionWindow,
        Duration seenTtl,
        Duration registryTtl,
        String erasureKey,
        Duration erasedUserTtl,
        Outbox outbox,
        Progress progress) {

    public TrackingProperties {
        attributionWindow = attributionWindow == null ? Duration.ofDays(7) : attributionWindow;
        seenTtl = seenTtl == null ? Duration.ofDays(7) : seenTtl;
        registryTtl = registryTtl == null ? Duration.ofDays(30) : registryTtl;
        publicBaseUrl = publicBaseUrl == null ? "http://localhost:8080" : publicBaseUrl.replaceAll("/+$", "");
        if (erasureKey == null || erasureKey.isBlank()) {
            throw new IllegalArgumentException("tracking.erasure-key is required");
        }
        erasedUserTtl = erasedUserTtl == null ? Duration.ofDays(365) : erasedUserTtl;
        outbox = outbox == null ? new Outbox(null, null, null, null) : outbox;
        progress = progress == null ? new Progress(null, null, null, null, null) : progress;
    }

    /**
     * How the outbox relay works.
     *
     * @param batchSize records read and published per round
     * @param pollInterval how often an idle relay looks for records appended by another instance
     *                     (this instance's own appends wake it at once)
     * @param leaseTtl how long a relay that stopped renewing keeps the others waiting; longer than a
     *                 round can take (the producer's {@code max.block.ms} + {@code delivery.timeout.ms})
     * @param maxBackoff the longest pause between rounds while the broker does not acknowledge
     */
    public record Outbox(Integer batchSize, Duration pollInterval, Duration leaseTtl, Duration maxBackoff) {

        public Outbox {
            batchSize = batchSize == null ? 100 : batchSize;
            pollInterval = pollInterval == null ? Duration.ofMillis(100) : pollInterval;
            leaseTtl = leaseTtl == null ? Duration.ofSeconds(30) : leaseTtl;
            maxBackoff = maxBackoff == null ? Duration.ofSeconds(5) : maxBackoff;
        }
    }

    /**
     * How tracking publishes its progress, the watermark the dispatcher waits for before it falls
     * back for want of a {@code delivered}.
     *
     * @param interval how often progress is published while the outbox keeps up
     * @param inFlightAllowance how far the watermark stays behind the moment the whole outbox was seen
     *                          published: longer than a webhook takes from its arrival to its append,
     *                          and than the clocks of tracking's instances and the dispatcher's differ
     * @param gap a pause between two published progress records longer than this is an outage
     *            (tracking, its Redis or the broker away), during which providers' webhooks may have failed
     * @param retryMargin after an outage the watermark stays where it was for the outage's length again
     *                    plus this: providers retry failed webhooks with a backoff that grows with the
     *                    time since the first try, so their retries arrive within about that time
     * @param parkedHold a status parked for a message tracking does not know holds the watermark back
     *                   for at most this long (a status for a message that never arrives must not stop it)
     */
    public record Progress(Duration interval, Duration inFlightAllowance, Duration gap, Duration retryMargin,
                           Duration parkedHold) {

        public Progress {
            interval = interval == null ? Duration.ofSeconds(1) : interval;
            inFlightAllowance = inFlightAllowance == null ? Duration.ofSeconds(5) : inFlightAllowance;
            gap = gap == null ? Duration.ofSeconds(10) : gap;
            retryMargin = retryMargin == null ? Duration.ofSeconds(30) : retryMargin;
            parkedHold = parkedHold == null ? Duration.ofMinutes(10) : parkedHold;
        }
    }
}
