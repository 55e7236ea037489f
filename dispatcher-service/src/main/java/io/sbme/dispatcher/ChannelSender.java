package io.sbme.dispatcher;

import io.sbme.contracts.Channel;

/**
 * Sends one message on one channel through its provider (Meta's Cloud API, Twilio, ...). One
 * implementation per channel package; {@link SenderRegistry} picks by {@link #channel()}. To add a
 * channel: a package with its sender and the sender's test beside it, nothing else changes.
 *
 * <p>Implementations answer every provider reply as a {@link SendOutcome} and never throw for a
 * provider failure; they must never log the recipient's number.
 */
public interface ChannelSender {

    Channel channel();

    SendOutcome send(OutboundMessage message);
}
