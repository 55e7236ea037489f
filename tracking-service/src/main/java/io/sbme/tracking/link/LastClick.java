package io.sbme.tracking.link;

import io.sbme.contracts.Channel;
import java.time.Instant;

/** A user's latest click as remembered for attribution by window: which message, on which channel, when. */
public record LastClick(String messageId, Channel channel, Instant at) {
}
