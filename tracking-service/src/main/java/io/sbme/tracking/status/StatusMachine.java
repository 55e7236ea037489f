package io.sbme.tracking.status;

import io.sbme.contracts.Channel;
import io.sbme.contracts.TrackingStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * The forward-only status rules, pure: per message and channel attempt accepted → sent → delivered
 * → read, with failed/undelivered terminal for that attempt.
 *
 * <ul>
 *   <li>A status beyond the next one implies those in between (Meta sends {@code read} without
 *       {@code delivered} when a message is read at once), so each skipped status is emitted too.</li>
 *   <li>A duplicate or late earlier status changes nothing.</li>
 *   <li>A failure after delivery is recorded but does not un-deliver; it does not count as a failed
 *       message.</li>
 *   <li>A status of a channel the message fell back from is {@code late}; it counts for the message
 *       only if no other attempt reached it first ({@code firstForMessage}), so a WhatsApp delivery
 *       arriving after the SMS went is never counted twice.</li>
 * </ul>
 */
public final class StatusMachine {

    private StatusMachine() {
    }

    /** What applying one provider status did: the new progress and the changes to publish (maybe none). */
    public record Outcome(Progress progress, List<Change> changes) {
        public boolean changed() {
            return !changes.isEmpty();
        }
    }

    /**
     * One published change.
     *
     * @param detail {@code implied} for a status implied by a later one, {@code undelivered},
     *               {@code after_delivered} for a failure after delivery, else null
     */
    public record Change(TrackingStatus status, boolean late, boolean firstForMessage, String detail) {
    }

    public static Outcome apply(Progress progress, Channel channel, ProviderStatus status, String errorCode) {
        Progress.Attempt attempt = progress.attempt(channel);
        boolean late = progress.abandoned().contains(channel);
        if (status == ProviderStatus.FAILED || status == ProviderStatus.UNDELIVERED) {
            return fail(progress, channel, attempt, status, errorCode, late);
        }
        Stage target = status.stage();
        if (attempt.failed() || attempt.stage().compareTo(target) >= 0) {
            return new Outcome(progress, List.of());
        }
        List<Change> changes = new ArrayList<>();
        Progress next = progress;
        for (Stage stage : Stage.values()) {
            if (stage.compareTo(attempt.stage()) <= 0 || stage.compareTo(target) > 0) {
                continue;
            }
            TrackingStatus reached = stage.status();
            changes.add(new Change(reached, late, !next.reached().contains(reached), stage == target ? null : "implied"));
            next = next.withReached(reached);
        }
        next = next.withAttempt(channel, new Progress.Attempt(target, false, false, attempt.errorCode()));
        return new Outcome(next, List.copyOf(changes));
    }

    private static Outcome fail(Progress progress, Channel channel, Progress.Attempt attempt, ProviderStatus status,
                                String errorCode, boolean late) {
        if (attempt.failed() || attempt.failedAfterDelivery()) {
            return new Outcome(progress, List.of());
        }
        if (attempt.stage().compareTo(Stage.DELIVERED) >= 0) {
            Progress next = progress.withAttempt(channel, new Progress.Attempt(attempt.stage(), false, true, errorCode));
            return new Outcome(next, List.of(new Change(TrackingStatus.FAILED, late, false, "after_delivered")));
        }
        boolean first = !progress.reached().contains(TrackingStatus.FAILED);
        Progress next = progress.withAttempt(channel, new Progress.Attempt(attempt.stage(), true, false, errorCode))
                .withReached(TrackingStatus.FAILED);
        String detail = status == ProviderStatus.UNDELIVERED ? "undelivered" : null;
        return new Outcome(next, List.of(new Change(TrackingStatus.FAILED, late, first, detail)));
    }
}
