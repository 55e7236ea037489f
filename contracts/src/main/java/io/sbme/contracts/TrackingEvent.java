package io.sbme.contracts;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A tracked fact about a message: a status change, a click, a conversion, an opt-out.
 *
 * @param providerMessageId the provider's message id as the keyed digest {@code dispatch-results} carries
 *                          ({@code pm_…}), never the id itself; null for facts about no provider message
 * @param late a status that arrived after the message had already fallen back to another channel
 * @param firstForMessage whether this is the first time the message reached this status (for unique counts)
 */
public record TrackingEvent(
        int schemaVersion,
        String trackingId,
        String messageId,
        String userId,
        Flow flow,
        String variant,
        Channel channel,
        TrackingStatus status,
        String providerMessageId,
        boolean late,
        boolean firstForMessage,
        String orderId,
        BigDecimal revenue,
        String currency,
        String detail,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
