package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a user stands with consent. */
public enum ConsentStatus {
    @JsonProperty("anonymous") ANONYMOUS,
    /** A number was entered but its owner has not yet confirmed it (double opt-in): nothing but the confirmation goes to it. */
    @JsonProperty("pending") PENDING,
    @JsonProperty("opted_in") OPTED_IN,
    @JsonProperty("revoked") REVOKED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
