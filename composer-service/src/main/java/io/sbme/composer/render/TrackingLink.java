package io.sbme.composer.render;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The short tracking link of a message: {@code <publicBaseUrl>/r/<code>}, where the code is the
 * first 12 characters of base62 (alphabet {@code 0-9A-Za-z}, big-endian) of
 * HMAC-SHA256({@code SBME_LINK_SECRET}, messageId). Keyed so codes cannot be guessed or walked;
 * tracking-service learns code → message from {@code composed-messages}.
 */
public final class TrackingLink {

    private static final String ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final BigInteger BASE = BigInteger.valueOf(62);
    static final int CODE_LENGTH = 12;

    private TrackingLink() {
    }

    public static String code(String secret, String messageId) {
        if (secret == null || secret.isEmpty() || messageId == null || messageId.isEmpty()) {
            throw new IllegalArgumentException("a link secret and a message id are needed");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            BigInteger value = new BigInteger(1, mac.doFinal(messageId.getBytes(StandardCharsets.UTF_8)));
            StringBuilder digits = new StringBuilder();
            while (value.signum() > 0) {
                BigInteger[] division = value.divideAndRemainder(BASE);
                digits.append(ALPHABET.charAt(division[1].intValue()));
                value = division[0];
            }
            String base62 = digits.reverse().toString();
            return base62.length() >= CODE_LENGTH ? base62.substring(0, CODE_LENGTH)
                    : "0".repeat(CODE_LENGTH - base62.length()) + base62;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static String url(String publicBaseUrl, String code) {
        return stripSlash(publicBaseUrl) + "/r/" + code;
    }

    static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
