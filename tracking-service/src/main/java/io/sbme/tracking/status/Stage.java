package io.sbme.tracking.status;

import io.sbme.contracts.TrackingStatus;

/** How far one channel attempt has come; only moves forward, in declaration order. */
public enum Stage {
    /** The provider accepted the request (the dispatcher's {@code sent} outcome). */
    ACCEPTED(null),
    SENT(TrackingStatus.SENT),
    DELIVERED(TrackingStatus.DELIVERED),
    READ(TrackingStatus.READ);

    private final TrackingStatus status;

    Stage(TrackingStatus status) {
        this.status = status;
    }

    /** The tracking status reaching this stage reports; null for {@link #ACCEPTED}. */
    public TrackingStatus status() {
        return status;
    }

    public String wireName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
