package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonEnumDefaultValue;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A fact observed after sending; statuses only move forward (sent → delivered → read). */
public enum TrackingStatus {
    @JsonProperty("sent") SENT,
    @JsonProperty("delivered") DELIVERED,
    @JsonProperty("read") READ,
    @JsonProperty("failed") FAILED,
    @JsonProperty("clicked") CLICKED,
    @JsonProperty("converted") CONVERTED,
    @JsonProperty("opted_out") OPTED_OUT,
    /** An inbound WhatsApp message opened the 24-hour customer-service window. */
    @JsonProperty("window_opened") WINDOW_OPENED,
    /**
     * Not a fact about a message: tracking's progress marker, one per partition of
     * {@code tracking-events}. Every receipt (webhook status) tracking took before {@code at} is on
     * that partition before this record; no message, user or id, so counters pass it by.
     */
    @JsonProperty("progress") PROGRESS,
    @JsonEnumDefaultValue @JsonProperty("unknown") UNKNOWN
}
