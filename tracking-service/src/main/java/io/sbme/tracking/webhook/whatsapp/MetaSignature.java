package io.sbme.tracking.webhook.whatsapp;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Meta's webhook signature: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body,
 * keyed with the app secret>}. Computed over the bytes exactly as received (re-serialised JSON
 * would not match) and compared in constant time.
 */
final class MetaSignature {

    /** Whether a request's signature is absent, wrong or right. */
    enum Verdict { MISSING, INVALID, VALID }

    private static final String PREFIX = "sha256=";

    private MetaSignature() {
    }

    static String sign(String appSecret, byte[] rawBody) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(rawBody));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    static Verdict verify(String appSecret, byte[] rawBody, String header) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        byte[] expected = sign(appSecret, rawBody).getBytes(StandardCharsets.US_ASCII);
        byte[] given = header.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Verdict.VALID : Verdict.INVALID;
    }
}
