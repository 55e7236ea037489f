package io.sbme.tracking;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.privacy.Sha256;
import io.sbme.tracking.outbox.OutboxRecord;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;

/**
 * Makes the tracking facts published on {@code tracking-events}, as outbox records. Each gets its
 * id here, once, so a record that the relay sends twice is recognisably the same fact.
 */
public final class TrackingEvents {

    private TrackingEvents() {
    }

    /** A fact about one message. */
    public static OutboxRecord message(String messageId, String userId, Flow flow, String variant, Channel channel,
                                       TrackingStatus status, String providerMessageId, boolean late,
                                       boolean firstForMessage, String detail, Instant at) {
        return OutboxRecord.tracking(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, UUID.randomUUID().toString(),
                messageId, userId, flow, variant, channel, status, providerMessageId, late, firstForMessage, null, null,
                null, detail, at));
    }

    /** An order attributed to a message, or (messageId null, detail {@code holdout}) counted for a holdout arm. */
    public static OutboxRecord conversion(String messageId, String userId, Flow flow, String variant, Channel channel,
                                          boolean firstForMessage, String orderId, BigDecimal revenue, String currency,
                                          String detail, Instant at) {
        // The id follows from the order and what it is credited to, so the same conversion published
        // again (an order redelivered after a crash) is the same event to every consumer.
        String trackingId = UUID.nameUUIDFromBytes(("conversion|" + orderId + "|" + messageId + "|" + flow + "|" + detail)
                .getBytes(StandardCharsets.UTF_8)).toString();
        return OutboxRecord.tracking(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, trackingId,
                messageId, userId, flow, variant, channel, TrackingStatus.CONVERTED, null, false, firstForMessage, orderId,
                revenue, currency, detail, at));
    }

    /** An order id as a message remembers it (SHA-256, hex): the record need not carry the shop's order number. */
    public static String orderDigest(String orderId) {
        return Sha256.hex(orderId);
    }

    /** A fact about a user rather than a message: opted out, window opened. */
    public static OutboxRecord user(String userId, Channel channel, TrackingStatus status, String detail, Instant at) {
        return OutboxRecord.tracking(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), null,
                userId, null, null, channel, status, null, false, false, null, null, null, detail, at));
    }
}
