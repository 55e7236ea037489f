package io.sbme.composer.render;

import io.sbme.contracts.MessageComposed;

/** One message rendered for every channel. */
public record Renditions(MessageComposed.WhatsApp whatsapp, MessageComposed.Sms sms, MessageComposed.Instagram instagram) {
}
