package io.sbme.tracking.inbound;

import io.sbme.contracts.Channel;
import java.time.Instant;

/**
 * A customer's message to one of our numbers, parsed from a verified webhook. The sender's number
 * lives only in this object while the consent-service is asked who it is; it is never logged or
 * stored, which is why {@link #toString()} leaves it out.
 *
 * @param providerMessageId the provider's id as its {@code ProviderIds} digest (Meta's embeds the
 *                          sender's number); it keys the once-only handling and the logs
 */
public record InboundMessage(Channel channel, String providerMessageId, String from, String text, Instant at) {

    @Override
    public String toString() {
        return "InboundMessage[channel=" + channel + ", providerMessageId=" + providerMessageId + ", at=" + at + "]";
    }
}
