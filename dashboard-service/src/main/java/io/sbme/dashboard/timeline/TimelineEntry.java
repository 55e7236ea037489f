package io.sbme.dashboard.timeline;

import java.time.Instant;
import java.util.Map;

/**
 * One line of the live timeline (and one step of a message's journey). Holds ids and masked
 * values only, never a full phone number.
 *
 * @param id increasing sequence number; the SSE {@code id:} and the {@code Last-Event-ID} to resume from
 * @param type one of {@link TimelineEntries#TYPES}
 * @param userId the user it concerns, {@code erased} after an erase request, null when none
 */
public record TimelineEntry(
        long id,
        String type,
        Instant at,
        String userId,
        String messageId,
        String flow,
        String channel,
        String maskedPhone,
        String summary,
        Map<String, String> details) {

    TimelineEntry withId(long newId) {
        return new TimelineEntry(newId, type, at, userId, messageId, flow, channel, maskedPhone, summary, details);
    }

    /** The same entry without personal fields, for journeys kept per message. */
    TimelineEntry anonymous() {
        return new TimelineEntry(0, type, at, null, messageId, flow, channel, null, summary, details);
    }
}
