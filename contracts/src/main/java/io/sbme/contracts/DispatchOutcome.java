package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** The outcome of one delivery attempt. */
public enum DispatchOutcome {
    /** The provider accepted the request. */
    @JsonProperty("sent") SENT,
    /** The attempt failed; {@code cause} says whether it will be retried. */
    @JsonProperty("failed") FAILED,
    /** This channel was given up and the next channel of the plan is tried; {@code cause} says why. */
    @JsonProperty("fell_back") FELL_BACK,
    @JsonProperty("cancelled") CANCELLED,
    /** Not sent at all (no consent, no channel left). */
    @JsonProperty("blocked") BLOCKED,
    @JsonProperty("dead_lettered") DEAD_LETTERED,
    /** Not sent because it waited past its flow's validity (an outage); {@code cause} is {@code validity_passed}. */
    @JsonProperty("expired") EXPIRED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
