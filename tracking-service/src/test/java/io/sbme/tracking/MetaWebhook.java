package io.sbme.tracking;

import io.sbme.support.testing.MetaMessageIds;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.json.JsonMapper;

/** Meta's WhatsApp webhook bodies and their signature, as Meta sends them, for tests. */
public final class MetaWebhook {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private MetaWebhook() {
    }

    public static byte[] metaStatus(String wamid, String messageId, String status) {
        return metaStatus(wamid, messageId, status, "919876540001");
    }

    /** A status; without {@code biz_opaque_callback_data} when {@code messageId} is null (Meta echoes it only when sent). */
    public static byte[] metaStatus(String wamid, String messageId, String status, String recipientId) {
        return metaStatuses(statusEntry(wamid, messageId, status, recipientId));
    }

    /** One webhook carrying several statuses, in this order, as Meta aggregates updates. */
    @SafeVarargs
    public static byte[] metaStatuses(Map<String, Object>... entries) {
        return JSON.writeValueAsBytes(meta(Map.of("statuses", List.of(entries))));
    }

    /** One entry of a webhook's {@code statuses}. */
    public static Map<String, Object> statusEntry(String wamid, String messageId, String status, String recipientId) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("id", wamid);
        entry.put("status", status);
        entry.put("timestamp", String.valueOf(Instant.now().getEpochSecond()));
        entry.put("recipient_id", recipientId);
        if (messageId != null) {
            entry.put("biz_opaque_callback_data", messageId);
        }
        if ("failed".equals(status)) {
            entry.put("errors", List.of(Map.of("code", 131000, "title", "Something went wrong")));
        }
        return entry;
    }

    public static byte[] metaInbound(String waId, String text) {
        return JSON.writeValueAsBytes(meta(Map.of(
                "contacts", List.of(Map.of("profile", Map.of("name", "Customer"), "wa_id", waId)),
                "messages", List.of(Map.of("from", waId, "id", MetaMessageIds.forNumber("+" + waId),
                        "timestamp", String.valueOf(Instant.now().getEpochSecond()), "type", "text",
                        "text", Map.of("body", text))))));
    }

    private static Map<String, Object> meta(Map<String, Object> content) {
        Map<String, Object> value = new LinkedHashMap<>();
        value.put("messaging_product", "whatsapp");
        value.put("metadata", Map.of("display_phone_number", "15550783881", "phone_number_id", "106540352242922"));
        value.putAll(content);
        return Map.of("object", "whatsapp_business_account", "entry", List.of(Map.of("id", "102290129340398",
                "changes", List.of(Map.of("value", value, "field", "messages")))));
    }

    public static String metaSignature(String secret, byte[] body) {
        return "sha256=" + HexFormat.of().formatHex(hmacSha256(secret, body));
    }

    private static byte[] hmacSha256(String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
