package io.sbme.tracking.webhook.sms;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Twilio's request signature: {@code X-Twilio-Signature} = base64 HMAC-SHA1, keyed with the auth
 * token, of the full URL Twilio called (scheme, host, path and query) followed by each POST
 * parameter's name and value, sorted by name, with no separators
 * (https://www.twilio.com/docs/usage/security#validating-requests). Compared in constant time.
 */
final class TwilioSignature {

    /** Whether a request's signature is absent, wrong or right. */
    enum Verdict { MISSING, INVALID, VALID }

    private TwilioSignature() {
    }

    static String sign(String authToken, String url, Map<String, List<String>> params) {
        StringBuilder data = new StringBuilder(url);
        new TreeMap<>(params).forEach((name, values) -> values.forEach(value -> data.append(name).append(value)));
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    static Verdict verify(String authToken, String url, Map<String, List<String>> params, String header) {
        if (header == null || header.isBlank()) {
            return Verdict.MISSING;
        }
        byte[] expected = sign(authToken, url, params).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, header.trim().getBytes(StandardCharsets.US_ASCII))
                ? Verdict.VALID : Verdict.INVALID;
    }
}
