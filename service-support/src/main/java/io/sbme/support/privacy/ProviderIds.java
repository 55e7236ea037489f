package io.sbme.support.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns a provider's message id (a WhatsApp {@code wamid.…}, a Twilio {@code SM…}) into the keyed
 * digest that is all we ever record, publish, store or log of it: {@code pm_} + base64url of the
 * first 144 bits of HMAC-SHA256.
 *
 * <p>Why: a WhatsApp message id is base64 of a small structure whose first field is the
 * recipient's full phone number (Meta's own example {@code wamid.HBgLMTY1MDUwNzY1MjAV…} decodes to
 * {@code 16505076520}), so the id in clear would carry the number into Kafka, Redis and logs. The
 * dispatcher digests the id the provider answers, tracking digests the id each webhook reports, and
 * the two meet. Stable, so it still joins a send to its statuses; keyed, so whoever reads our topics,
 * Redis or logs without the secret can neither reverse it nor test guessed ids against it.
 *
 * <p>The key is derived from {@code SBME_INTERNAL_SECRET} with a label, never the secret itself, so a
 * digest reveals nothing usable against the gateway tokens that secret also signs. Every service
 * must share the secret for digests to match; rotating it means statuses of messages sent before
 * the rotation are matched by our message id only ({@code biz_opaque_callback_data}, the Twilio
 * callback's {@code messageId}), not by provider id.
 */
public final class ProviderIds {

    /** What every digest starts with, so a digest is never mistaken for a provider's own id. */
    public static final String PREFIX = "pm_";
    /** 144 bits: well past birthday collisions at any message volume, and whole base64 characters. */
    private static final int DIGEST_BYTES = 18;
    private static final byte[] LABEL = "sbme provider-message-id digest v1".getBytes(StandardCharsets.UTF_8);
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec key;

    private ProviderIds(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    /** Digests keyed by a key derived from the internal secret (at least 16 characters, as for gateway tokens). */
    public static ProviderIds keyedBy(String internalSecret) {
        if (internalSecret == null || internalSecret.length() < 16) {
            throw new IllegalArgumentException("internal secret must have at least 16 characters");
        }
        return new ProviderIds(hmac(new SecretKeySpec(internalSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"),
                LABEL));
    }

    /**
     * The digest of one provider message id. The id is never echoed, not even in the exception for a
     * blank one: it may hold a phone number.
     */
    public String digest(String providerMessageId) {
        if (providerMessageId == null || providerMessageId.isBlank()) {
            throw new IllegalArgumentException("provider message id is null or blank");
        }
        byte[] mac = hmac(key, providerMessageId.getBytes(StandardCharsets.UTF_8));
        return PREFIX + BASE64URL.encodeToString(Arrays.copyOf(mac, DIGEST_BYTES));
    }

    private static byte[] hmac(SecretKeySpec key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
