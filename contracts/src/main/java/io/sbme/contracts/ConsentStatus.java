package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a user stands with consent. */
public enum ConsentStatus {
    @JsonProperty("anonymous") ANONYMOUS,
    @JsonProperty("opted_in") OPTED_IN,
    @JsonProperty("revoked") REVOKED,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
