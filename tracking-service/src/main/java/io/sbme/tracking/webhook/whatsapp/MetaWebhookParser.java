package io.sbme.tracking.webhook.whatsapp;

import io.sbme.contracts.Channel;
import io.sbme.support.privacy.ProviderIds;
import io.sbme.tracking.inbound.InboundMessage;
import io.sbme.tracking.status.ProviderStatus;
import io.sbme.tracking.status.StatusReport;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Reads Meta's nested {@code entry[].changes[].value} shape into status reports and inbound text
 * messages; ignores fields and message types it does not use. Pure.
 *
 * <p>Message ids leave here only as {@link ProviderIds} digests: a {@code wamid} is base64 of a
 * structure holding the customer's number. The numbers Meta sends in the open ({@code recipient_id},
 * {@code contacts[].wa_id}) are not read at all; an inbound {@code from} is, for consent-service only.
 */
final class MetaWebhookParser {

    /** What one webhook carried. */
    record Parsed(List<StatusReport> statuses, List<InboundMessage> messages) {
    }

    private MetaWebhookParser() {
    }

    static Parsed parse(JsonNode root, ProviderIds providerIds, Instant now) {
        List<StatusReport> statuses = new ArrayList<>();
        List<InboundMessage> messages = new ArrayList<>();
        for (JsonNode entry : root.path("entry")) {
            for (JsonNode change : entry.path("changes")) {
                JsonNode value = change.path("value");
                for (JsonNode status : value.path("statuses")) {
                    String id = status.path("id").asString("");
                    var parsed = ProviderStatus.parse(status.path("status").asString(null));
                    if (id.isBlank() || parsed.isEmpty()) {
                        continue;
                    }
                    JsonNode error = status.path("errors").path(0);
                    String errorCode = error.isMissingNode() ? null : error.path("code").asString(null);
                    String opaque = status.path("biz_opaque_callback_data").asString(null);
                    statuses.add(new StatusReport(Channel.WHATSAPP, providerIds.digest(id),
                            opaque == null || opaque.isBlank() ? null : opaque, parsed.get(), errorCode,
                            time(status.path("timestamp"), now)));
                }
                for (JsonNode message : value.path("messages")) {
                    String id = message.path("id").asString("");
                    String from = message.path("from").asString("");
                    String text = textOf(message);
                    if (id.isBlank() || !from.matches("\\+?[1-9]\\d{6,14}") || text == null) {
                        continue;
                    }
                    messages.add(new InboundMessage(Channel.WHATSAPP, providerIds.digest(id),
                            from.startsWith("+") ? from : "+" + from, text, time(message.path("timestamp"), now)));
                }
            }
        }
        return new Parsed(List.copyOf(statuses), List.copyOf(messages));
    }

    /** The words of a text message, a quick-reply button or an interactive reply; null for media. */
    private static String textOf(JsonNode message) {
        return switch (message.path("type").asString("")) {
            case "text" -> message.path("text").path("body").asString(null);
            case "button" -> message.path("button").path("text").asString(null);
            case "interactive" -> {
                JsonNode interactive = message.path("interactive");
                JsonNode reply = interactive.has("button_reply") ? interactive.path("button_reply") : interactive.path("list_reply");
                yield reply.path("title").asString(null);
            }
            default -> null;
        };
    }

    private static Instant time(JsonNode timestamp, Instant fallback) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(timestamp.asString("")));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
