package io.sbme.contracts;

import java.time.Instant;

/** Whether a channel is paused; the value of the compacted {@code channel-control} topic, keyed by channel. */
public record ChannelControl(
        int schemaVersion,
        Channel channel,
        boolean paused,
        String changedBy,
        Instant changedAt) {

    public static final int SCHEMA_VERSION = 1;
}
