package io.sbme.sandbox.whatsapp;

import io.sbme.sandbox.SandboxProperties;
import io.sbme.sandbox.control.Behaviour;
import io.sbme.sandbox.control.World;
import io.sbme.sandbox.webhook.WebhookSender;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Builds Meta's {@code whatsapp_business_account} webhooks (statuses and inbound messages) and
 * schedules the status sequence of an accepted message according to the current behaviour.
 *
 * <p>Statuses that fall due close together go out in one webhook, as Meta aggregates its webhook
 * updates (up to 1,000 per notification, with no guarantee either way): a receiver must handle any
 * number of statuses in one post, in the order they are listed.
 */
@Component
public class MetaWebhooks {

    private static final SecureRandom RANDOM = new SecureRandom();
    /** A duplicate follows its original by this much, like a provider retry. */
    private static final long DUPLICATE_GAP_MS = 50;

    private final SandboxProperties properties;
    private final World world;
    private final WebhookSender sender;
    private final JsonMapper json;
    private final Object batchLock = new Object();
    private List<Map<String, Object>> batch = new ArrayList<>();

    MetaWebhooks(SandboxProperties properties, World world, WebhookSender sender, JsonMapper json) {
        this.properties = properties;
        this.world = world;
        this.sender = sender;
        this.json = json;
    }

    /**
     * A new message id in Meta's form, for a message to or from {@code e164}: {@code wamid.} + base64
     * of a Thrift-compact structure, laid out like Meta's documented example
     * {@code wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA}: a nested struct (0x1C)
     * holding the customer's number without {@code +} as a string (0x18, length) and an i32 1
     * (0x15 0x02), its end (0x00), a true (0x11), 18 upper-case hex characters (0x18 0x12) and the
     * end (0x00). Real ids carry the number, so these must too: otherwise a leak of provider ids would
     * pass every privacy test here and show in production.
     */
    public static String newWamid(String e164) {
        byte[] number = e164.substring(e164.startsWith("+") ? 1 : 0).getBytes(StandardCharsets.US_ASCII);
        byte[] random = new byte[9];
        RANDOM.nextBytes(random);
        byte[] suffix = HexFormat.of().withUpperCase().formatHex(random).getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream id = new ByteArrayOutputStream();
        id.writeBytes(new byte[] {0x1C, 0x18, (byte) number.length});
        id.writeBytes(number);
        id.writeBytes(new byte[] {0x15, 0x02, 0x00, 0x11, 0x18, (byte) suffix.length});
        id.writeBytes(suffix);
        id.write(0x00);
        return "wamid." + Base64.getEncoder().encodeToString(id.toByteArray());
    }

    /**
     * Schedules sent → delivered → read for an accepted message, with the behaviour's delays and
     * quirks (read without delivered, duplicates, delivered and read swapped, delivered dropped).
     */
    void scheduleStatuses(String wamid, String e164, String opaque, boolean template, long sentAtMillis) {
        Behaviour b = world.behaviour();
        if (b.undeliverable(e164)) {
            schedule(wamid, e164, opaque, template, "sent", sentAtMillis, b.sentDelayMs());
            schedule(wamid, e164, opaque, template, "failed", sentAtMillis, b.deliveredDelayMs());
            return;
        }
        boolean drop = b.dropsDeliveredFor(e164);
        boolean read = !drop && world.chance(b.readRate());
        boolean skipDelivered = read && world.chance(b.readWithoutDeliveredRate());
        boolean swap = read && !skipDelivered && world.chance(b.outOfOrderRate());
        schedule(wamid, e164, opaque, template, "sent", sentAtMillis, b.sentDelayMs());
        if (!drop && !skipDelivered) {
            schedule(wamid, e164, opaque, template, "delivered", sentAtMillis, swap ? b.readDelayMs() : b.deliveredDelayMs());
        }
        if (read) {
            schedule(wamid, e164, opaque, template, "read", sentAtMillis, swap ? b.deliveredDelayMs() : b.readDelayMs());
        }
    }

    private void schedule(String wamid, String e164, String opaque, boolean template, String status, long sentAt, long delay) {
        Map<String, Object> entry = status(wamid, e164, opaque, template, status, (sentAt + delay) / 1000);
        sender.later(() -> due(entry), delay);
        if (world.chance(world.behaviour().duplicateRate())) {
            sender.later(() -> due(entry), delay + DUPLICATE_GAP_MS);
        }
    }

    /** A status fell due: it joins the open batch, which goes out when full or when its linger ends. */
    private void due(Map<String, Object> status) {
        List<Map<String, Object>> full = null;
        synchronized (batchLock) {
            batch.add(status);
            if (batch.size() >= properties.webhookBatchMax()) {
                full = batch;
                batch = new ArrayList<>();
            } else if (batch.size() == 1) {
                sender.later(this::flush, properties.webhookBatchLingerMs());
            }
        }
        if (full != null) {
            post(full);
        }
    }

    private void flush() {
        List<Map<String, Object>> due;
        synchronized (batchLock) {
            due = batch;
            batch = new ArrayList<>();
        }
        if (!due.isEmpty()) {
            post(due);
        }
    }

    private void post(List<Map<String, Object>> statuses) {
        Map<String, Object> value = value();
        value.put("statuses", statuses);
        sender.scheduleMeta(json.writeValueAsBytes(envelope(value)), 0);
    }

    /** One entry of a status webhook's {@code statuses}, shaped like Meta's. */
    Map<String, Object> status(String wamid, String e164, String opaque, boolean template, String status,
                               long epochSecond) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", wamid);
        entry.put("status", status);
        entry.put("timestamp", String.valueOf(epochSecond));
        entry.put("recipient_id", e164.substring(1));
        if (opaque != null) {
            entry.put("biz_opaque_callback_data", opaque);
        }
        String category = template ? "marketing" : "service";
        if ("failed".equals(status)) {
            entry.put("errors", List.of(Map.of("code", 131026, "title", "Message undeliverable",
                    "message", "Message undeliverable",
                    "error_data", Map.of("details", "Message Undeliverable."))));
        } else if (!"read".equals(status)) {
            Map<String, Object> conversation = new LinkedHashMap<>();
            conversation.put("id", HexFormat.of().formatHex(wamid.getBytes(StandardCharsets.UTF_8)).substring(0, 32));
            if ("sent".equals(status)) {
                conversation.put("expiration_timestamp", String.valueOf(epochSecond + 86_400));
            }
            conversation.put("origin", Map.of("type", category));
            entry.put("conversation", conversation);
            entry.put("pricing", Map.of("billable", true, "pricing_model", "PMP", "category", category));
        }
        return entry;
    }

    /** An inbound text message from a customer, shaped like Meta's; answers the receiver's HTTP status. */
    public int postInbound(String wamid, String e164, String text, long epochSecond) {
        String waId = e164.substring(1);
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("from", waId);
        message.put("id", wamid);
        message.put("timestamp", String.valueOf(epochSecond));
        message.put("type", "text");
        message.put("text", Map.of("body", text));
        Map<String, Object> value = value();
        value.put("contacts", List.of(Map.of("profile", Map.of("name", "Sandbox Customer"), "wa_id", waId)));
        value.put("messages", List.of(message));
        return sender.postMeta(json.writeValueAsBytes(envelope(value)));
    }

    private Map<String, Object> value() {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("messaging_product", "whatsapp");
        value.put("metadata", Map.of(
                "display_phone_number", properties.whatsapp().displayPhoneNumber(),
                "phone_number_id", properties.whatsapp().phoneNumberId()));
        return value;
    }

    private Map<String, Object> envelope(Map<String, Object> value) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("value", value);
        change.put("field", "messages");
        List<Object> changes = new ArrayList<>();
        changes.add(change);
        return Map.of("object", "whatsapp_business_account",
                "entry", List.of(Map.of("id", properties.whatsapp().businessAccountId(), "changes", changes)));
    }
}
