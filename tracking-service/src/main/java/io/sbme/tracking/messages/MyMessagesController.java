package io.sbme.tracking.messages;

import io.sbme.contracts.Channel;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The shopper's own messages with renditions and live status, for the storefront's phone panel. */
@RestController
class MyMessagesController {

    /** The phone panel shows recent messages; the list is bounded to this many, newest first. */
    static final int LIMIT = 50;

    private final MessageRegistry registry;

    MyMessagesController(MessageRegistry registry) {
        this.registry = registry;
    }

    @GetMapping("/api/v1/me/messages")
    List<MessageView> mine(Caller caller) {
        if (caller.role() != Caller.Role.SHOPPER) {
            throw ApiProblem.forbidden("Only a storefront user has messages of their own.");
        }
        return registry.ofUser(caller.subject(), LIMIT).stream().map(MessageView::of).toList();
    }

    /**
     * One message as the shopper sees it.
     *
     * @param channel the channel of the current (or last) attempt
     * @param status queued, sent, delivered, read, failed, cancelled or blocked
     * @param whatsapp the rich card with the WhatsApp attempt's own status
     * @param sms the text, encoding and segments with the SMS attempt's own status
     */
    record MessageView(String messageId, String flow, String variant, String channel, String status,
                       Map<String, Object> fallback, Map<String, Object> whatsapp, Map<String, Object> sms,
                       Map<String, Object> instagram, String trackingUrl, Instant createdAt, Instant updatedAt,
                       List<AttemptView> attempts) {

        static MessageView of(TrackedMessage m) {
            Channel channel = m.currentChannel();
            Map<String, Object> fallback = null;
            if (m.fallback != null) {
                fallback = new LinkedHashMap<>();
                fallback.put("from", wire(m.fallback.from()));
                fallback.put("to", wire(m.fallback.to()));
                fallback.put("cause", m.fallback.cause());
            }
            Map<String, Object> whatsapp = null;
            if (m.whatsappCard != null) {
                whatsapp = new LinkedHashMap<>();
                whatsapp.put("imageUrl", m.whatsappCard.imageUrl());
                whatsapp.put("header", m.whatsappCard.header());
                whatsapp.put("body", m.whatsappCard.body());
                whatsapp.put("footer", m.whatsappCard.footer());
                whatsapp.put("ctaLabel", m.whatsappCard.ctaLabel());
                whatsapp.put("ctaUrl", m.whatsappCard.ctaUrl());
                whatsapp.put("status", attemptStatus(m, Channel.WHATSAPP));
            }
            Map<String, Object> sms = null;
            if (m.sms != null) {
                sms = new LinkedHashMap<>();
                sms.put("text", m.sms.text());
                sms.put("encoding", m.sms.encoding());
                sms.put("segments", m.sms.segments());
                sms.put("status", attemptStatus(m, Channel.SMS));
            }
            Map<String, Object> instagram = null;
            if (m.instagram != null) {
                instagram = new LinkedHashMap<>();
                instagram.put("text", m.instagram.text());
                instagram.put("imageUrl", m.instagram.imageUrl());
                instagram.put("ctaLabel", m.instagram.ctaLabel());
                instagram.put("ctaUrl", m.instagram.ctaUrl());
            }
            List<AttemptView> attempts = m.attempts.stream()
                    .map(a -> new AttemptView(wire(a.channel()), a.attempt(), a.outcome() == null ? null : a.outcome().name()
                            .toLowerCase(java.util.Locale.ROOT), a.cause(), a.errorCode(), a.at()))
                    .toList();
            return new MessageView(m.messageId, m.flow == null ? null : m.flow.wireName(), m.variant, wire(channel),
                    m.status(), fallback, whatsapp, sms, instagram, m.trackingUrl, m.createdAt, m.updatedAt, attempts);
        }

        private static String attemptStatus(TrackedMessage m, Channel channel) {
            return m.progress.attempts().containsKey(channel) ? m.progress.attempt(channel).wireStatus() : null;
        }

        private static String wire(Channel channel) {
            return channel == null ? null : channel.wireName();
        }
    }

    /** One dispatch attempt: channel, attempt number, outcome (sent, failed, fell_back, …), cause. */
    record AttemptView(String channel, int attempt, String outcome, String cause, String errorCode, Instant at) {
    }
}
