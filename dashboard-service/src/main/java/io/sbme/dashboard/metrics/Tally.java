package io.sbme.dashboard.metrics;

import java.time.Instant;
import java.util.List;

/**
 * What one consumed record adds to the counters, applied at most once per {@code recordKey}.
 *
 * @param recordKey the record's own id with its kind, e.g. {@code result:res-1}; a redelivery repeats it
 * @param at when the fact happened; picks the minute bucket
 * @param counts the increments
 * @param oncePerUser when set, the increments apply only the first time this user is seen
 *                    (opt-outs: a user who opts out on two channels is one opt-out)
 */
public record Tally(String recordKey, Instant at, List<Count> counts, String oncePerUser) {

    /** Fields are joined with this; it never occurs in a dimension value (see {@link #clean}). */
    static final String SEPARATOR = "|";
    /** A dimension the record does not have. */
    public static final String NONE = "-";

    /** One increment of a metric for a flow, channel and variant. {@code cause} is set for fallbacks. */
    public record Count(Metric metric, String cause, String flow, String channel, String variant, long amount) {

        /** The Redis hash field: {@code metric[:cause]|flow|channel|variant}. */
        public String field() {
            String name = cause == null ? metric.wire() : metric.wire() + ":" + clean(cause);
            return name + SEPARATOR + clean(flow) + SEPARATOR + clean(channel) + SEPARATOR + clean(variant);
        }
    }

    static String clean(String value) {
        if (value == null || value.isBlank()) {
            return NONE;
        }
        String cleaned = value.replace(SEPARATOR, "_").replace(":", "_").strip();
        return cleaned.length() > 64 ? cleaned.substring(0, 64) : cleaned;
    }
}
