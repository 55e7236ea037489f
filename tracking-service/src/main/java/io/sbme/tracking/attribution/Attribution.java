package io.sbme.tracking.attribution;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import io.sbme.tracking.link.LastClick;
import io.sbme.tracking.messages.TrackedMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which message an order is credited to, pure: the message named by the order's
 * {@code utm_message_id} when it is one of this user's (or was, before the user was erased: its
 * record keeps the user's mark); otherwise the user's last clicked message
 * when the click was inside the attribution window before the order; otherwise none. The channel
 * is the attempt that was clicked (WhatsApp or its SMS fallback).
 */
final class Attribution {

    /** Clocks of the storefront and tracking differ a little; a click this much "after" the order still counts. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(1);

    private Attribution() {
    }

    /** An order credited to a message, and on what basis ({@code utm} or {@code last_click}). */
    record Attributed(String messageId, Channel channel, String basis) {
    }

    /** A user's latest experiment assignment for a flow. */
    record Arm(String arm, String variant, Instant decidedAt) {
        boolean isHoldout() {
            return "holdout".equalsIgnoreCase(arm);
        }
    }

    /**
     * @param userMark the user's erased-user mark, which an erased user's messages keep instead of the id
     */
    static Optional<Attributed> attribute(String userId, String userMark, Instant orderAt, Optional<TrackedMessage> named,
                                          Optional<LastClick> lastClick, Duration window) {
        if (named.isPresent() && isUsers(named.get(), userId, userMark)) {
            TrackedMessage message = named.get();
            Channel channel = lastClick.filter(c -> message.messageId.equals(c.messageId())).map(LastClick::channel)
                    .orElse(message.clickChannel());
            return Optional.of(new Attributed(message.messageId, channel, "utm"));
        }
        return lastClick
                .filter(click -> inWindow(click.at(), orderAt, window))
                .map(click -> new Attributed(click.messageId(), click.channel(), "last_click"));
    }

    private static boolean isUsers(TrackedMessage message, String userId, String userMark) {
        return userId.equals(message.userId) || (message.erased && userMark.equals(message.erasedOwner));
    }

    /** The flows whose latest assignment for this user, made inside the window before the order, was the holdout. */
    static List<Map.Entry<Flow, Arm>> holdoutArms(Map<Flow, Arm> arms, Instant orderAt, Duration window) {
        return arms.entrySet().stream()
                .filter(e -> e.getValue().isHoldout() && inWindow(e.getValue().decidedAt(), orderAt, window))
                .toList();
    }

    private static boolean inWindow(Instant event, Instant orderAt, Duration window) {
        return event != null && !event.isBefore(orderAt.minus(window)) && !event.isAfter(orderAt.plus(CLOCK_SKEW));
    }
}
