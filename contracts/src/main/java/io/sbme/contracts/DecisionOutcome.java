package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the decision stage concluded. */
public enum DecisionOutcome {
    @JsonProperty("SEND") SEND,
    /** Waiting for consent (or quiet hours to end); released or expired later. */
    @JsonProperty("HOLD") HOLD,
    @JsonProperty("SUPPRESS") SUPPRESS,
    @JsonEnumDefaultValue @JsonProperty("UNKNOWN") UNKNOWN
}
