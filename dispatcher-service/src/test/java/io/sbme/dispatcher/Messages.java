package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Composed messages as composer-service makes them (Cloud API bodies without {@code to}). */
public final class Messages {

    private Messages() {
    }

    /** A message composed just now, well inside its flow's validity. */
    public static MessageComposed composed(String messageId, String userId, List<Channel> plan, long ttlSeconds) {
        return composed(messageId, userId, plan, ttlSeconds, Instant.now());
    }

    /** The double opt-in confirmation on one channel, composed just now: a service message without a link. */
    public static MessageComposed confirmation(String messageId, String userId, Channel channel) {
        MessageComposed m = composed(messageId, userId, List.of(channel), 0);
        Map<String, Object> template = Map.of(
                "messaging_product", "whatsapp", "recipient_type", "individual", "type", "template",
                "template", Map.of("name", "opt_in_confirmation_a", "language", Map.of("code", "en"),
                        "components", List.of(Map.of("type", "body",
                                "parameters", List.of(Map.of("type", "text", "text", "Kinara"))))),
                "biz_opaque_callback_data", messageId);
        return new MessageComposed(m.schemaVersion(), messageId, m.decisionId(), userId, Flow.OPT_IN_CONFIRMATION, "A",
                null, "opt_in_confirmation_a", 1, m.channelPlan(), new MessageComposed.WhatsApp(template, null, null),
                new MessageComposed.Sms("Reply YES to get updates from Kinara. Reply STOP to opt out", "GSM-7", 1, 59),
                null, m.trackingUrl(), "/", null, null, false, 0, m.composedAt());
    }

    public static MessageComposed composed(String messageId, String userId, List<Channel> plan, long ttlSeconds,
                                           Instant composedAt) {
        String link = "http://localhost:8080/r/Ab3dE9xYz012";
        Map<String, Object> template = Map.of(
                "messaging_product", "whatsapp", "recipient_type", "individual", "type", "template",
                "template", Map.of("name", "abandoned_cart_a", "language", Map.of("code", "en"),
                        "components", List.of(
                                Map.of("type", "header", "parameters", List.of(Map.of("type", "image",
                                        "image", Map.of("link", "http://localhost:8080/img/products/aurora-lamp.svg")))),
                                Map.of("type", "body", "parameters", List.of(Map.of("type", "text", "text", "Aurora Desk Lamp"),
                                        Map.of("type", "text", "text", "10%"))),
                                Map.of("type", "button", "sub_type", "url", "index", "0",
                                        "parameters", List.of(Map.of("type", "text", "text", "Ab3dE9xYz012"))))),
                "biz_opaque_callback_data", messageId);
        Map<String, Object> interactive = Map.of(
                "messaging_product", "whatsapp", "recipient_type", "individual", "type", "interactive",
                "interactive", Map.of("type", "cta_url",
                        "header", Map.of("type", "image", "image", Map.of("link", "http://localhost:8080/img/x.svg")),
                        "body", Map.of("text", "Your Aurora Desk Lamp is waiting — take 10% off today."),
                        "action", Map.of("name", "cta_url", "parameters", Map.of("display_text", "Complete my order",
                                "url", link))),
                "biz_opaque_callback_data", messageId);
        return new MessageComposed(MessageComposed.SCHEMA_VERSION, messageId, "dec-" + messageId, userId,
                Flow.ABANDONED_CART, "A", "A", "abandoned_cart_a", 1, plan,
                new MessageComposed.WhatsApp(template, interactive, null),
                new MessageComposed.Sms("Your Aurora Desk Lamp is waiting - 10% off today: " + link
                        + " Reply STOP to opt out", "GSM-7", 1, 104),
                new MessageComposed.Instagram("hi", null, "Shop", link), link, "/?product=p-aurora-lamp", null, 10,
                true, ttlSeconds, composedAt);
    }
}
