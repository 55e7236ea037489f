package io.sbme.dispatcher;

import io.sbme.contracts.MessageComposed;

/**
 * One message on its way to one recipient. Holds the full number only for the duration of the
 * send (it comes from the vault and is dropped with this object); {@link #toString()} masks it so
 * that it cannot reach a log by accident.
 *
 * @param insideWindow whether the user wrote to us within 24 hours (WhatsApp's customer-service window)
 */
public record OutboundMessage(String messageId, String phone, String maskedPhone, MessageComposed message,
                              boolean insideWindow) {

    @Override
    public String toString() {
        return "OutboundMessage[messageId=" + messageId + ", to=" + maskedPhone + ", insideWindow=" + insideWindow + "]";
    }
}
