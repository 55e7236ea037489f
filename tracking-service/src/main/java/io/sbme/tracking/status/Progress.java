package io.sbme.tracking.status;

import io.sbme.contracts.Channel;
import io.sbme.contracts.TrackingStatus;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where one message stands: each channel attempt's stage, the statuses the message as a whole has
 * reached (for unique counts), and the channels it fell back from (whose later statuses are late).
 */
public record Progress(Map<Channel, Attempt> attempts, Set<TrackingStatus> reached, Set<Channel> abandoned) {

    public Progress {
        attempts = attempts == null || attempts.isEmpty() ? Map.of() : Map.copyOf(attempts);
        reached = reached == null || reached.isEmpty() ? Set.of() : Set.copyOf(reached);
        abandoned = abandoned == null || abandoned.isEmpty() ? Set.of() : Set.copyOf(abandoned);
    }

    public static Progress none() {
        return new Progress(Map.of(), Set.of(), Set.of());
    }

    /** One channel attempt: its stage, whether it failed (terminal) and whether a failure came after delivery. */
    public record Attempt(Stage stage, boolean failed, boolean failedAfterDelivery, String errorCode) {

        static final Attempt FRESH = new Attempt(Stage.ACCEPTED, false, false, null);

        /** The attempt's status as the API shows it. */
        public String wireStatus() {
            return failed ? "failed" : stage.wireName();
        }
    }

    public Attempt attempt(Channel channel) {
        return attempts.getOrDefault(channel, Attempt.FRESH);
    }

    /** The provider accepted a request on this channel. */
    public Progress accepted(Channel channel) {
        if (attempts.containsKey(channel)) {
            return this;
        }
        return withAttempt(channel, Attempt.FRESH);
    }

    /** The message gave this channel up for the next one; statuses arriving for it later are late. */
    public Progress fellBackFrom(Channel channel) {
        Set<Channel> next = abandoned.isEmpty() ? EnumSet.noneOf(Channel.class) : EnumSet.copyOf(abandoned);
        next.add(channel);
        return new Progress(attempts, reached, next);
    }

    /** The furthest stage any attempt has reached, or null when none was accepted. */
    public Stage furthest() {
        return attempts.values().stream().map(Attempt::stage).max(Enum::compareTo).orElse(null);
    }

    Progress withAttempt(Channel channel, Attempt attempt) {
        Map<Channel, Attempt> next = new EnumMap<>(Channel.class);
        next.putAll(attempts);
        next.put(channel, attempt);
        return new Progress(next, reached, abandoned);
    }

    Progress withReached(TrackingStatus status) {
        Set<TrackingStatus> next = reached.isEmpty() ? EnumSet.noneOf(TrackingStatus.class) : EnumSet.copyOf(reached);
        next.add(status);
        return new Progress(attempts, next, abandoned);
    }
}
