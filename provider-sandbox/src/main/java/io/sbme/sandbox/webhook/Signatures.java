package io.sbme.sandbox.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** How Meta and Twilio sign the webhooks they send; the sandbox signs exactly the same way. */
public final class Signatures {

    private Signatures() {
    }

    /**
     * Meta's {@code X-Hub-Signature-256}: {@code sha256=} + lowercase hex HMAC-SHA256 of the raw body,
     * keyed with the app secret.
     */
    public static String meta(String appSecret, byte[] rawBody) {
        return "sha256=" + HexFormat.of().formatHex(hmac("HmacSHA256", appSecret, rawBody));
    }

    /**
     * Twilio's {@code X-Twilio-Signature}: base64 HMAC-SHA1, keyed with the auth token, of the full URL
     * Twilio called followed by every POST parameter's name and value, sorted by name, without
     * separators (https://www.twilio.com/docs/usage/security#validating-requests).
     */
    public static String twilio(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> values.forEach(v -> data.append(name).append(v)));
        return Base64.getEncoder().encodeToString(hmac("HmacSHA1", authToken, data.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] hmac(String algorithm, String key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " unavailable", e);
        }
    }
}
