package io.sbme.contracts;

import java.time.Instant;
import java.util.List;

/**
 * Whether and what to send to one user for one flow, and why.
 *
 * @param eventId the customer event (or admin action) that led here
 * @param messageId the id the message will carry, assigned here for SEND so callers can follow it
 * @param reason a stable machine code, e.g. {@code cart_abandoned}, {@code holdout}, {@code frequency_cap}
 * @param explanation the same reason in words for the admin panel
 * @param experimentArm the A/B arm: a variant name or {@code holdout}
 * @param channelPlan the channels in the order to try them
 * @param trigger what fired it: {@code timer}, {@code event}, {@code admin}, {@code demo}
 * @param forced an admin force-send: bypasses caps and quiet hours, never consent
 * @param deliveryTtlSeconds how long to wait for {@code delivered} before falling back
 * @param notBefore for a deferred send (quiet hours), when it may go
 */
public record Decision(
        int schemaVersion,
        String decisionId,
        String messageId,
        String eventId,
        String userId,
        Flow flow,
        DecisionOutcome outcome,
        String reason,
        String explanation,
        Product product,
        Integer discountPercent,
        String templateId,
        String variant,
        String experimentArm,
        List<Channel> channelPlan,
        String ctaUrl,
        boolean marketing,
        boolean forced,
        String trigger,
        long deliveryTtlSeconds,
        Instant notBefore,
        Instant decidedAt) {

    public static final int SCHEMA_VERSION = 1;
}
