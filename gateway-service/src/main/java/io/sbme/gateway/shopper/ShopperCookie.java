package io.sbme.gateway.shopper;

import io.sbme.support.identity.HmacSha256;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.http.ResponseCookie;

/**
 * The storefront's anonymous identity: mints user ids and the signed {@value #NAME} cookie that
 * carries them, and reads a user id back only from a cookie this gateway signed.
 *
 * <p>Cookie value: {@code userId "." base64url(HMAC-SHA256(key, userId))}, the key derived from
 * {@code SBME_INTERNAL_SECRET} for this one use, so a made-up or altered value names nobody and
 * every gateway instance accepts every other's cookies.
 */
public final class ShopperCookie {

    public static final String NAME = "sbme_uid";

    /** An anonymous id lives as long as the browser keeps it; a year bounds a forgotten one. */
    static final Duration MAX_AGE = Duration.ofDays(365);

    private static final Pattern USER_ID = Pattern.compile("u-[0-9a-f]{32}");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getUrlDecoder();
    private static final int MAX_VALUE_LENGTH = 128;

    private final HmacSha256 hmac;
    private final SecureRandom random = new SecureRandom();

    public ShopperCookie(String internalSecret) {
        if (internalSecret == null || internalSecret.length() < 16) {
            throw new IllegalArgumentException("internal secret must have at least 16 characters");
        }
        byte[] derived = new HmacSha256(internalSecret.getBytes(StandardCharsets.UTF_8))
                .of("sbme storefront identity cookie v1".getBytes(StandardCharsets.UTF_8));
        this.hmac = new HmacSha256(derived);
    }

    /** A fresh user id: {@code u-} and 128 random bits in lowercase hex. */
    public String newUserId() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return "u-" + HexFormat.of().formatHex(bits);
    }

    public String valueFor(String userId) {
        if (!USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("not a user id: " + userId);
        }
        return userId + "." + BASE64.encodeToString(hmac.of(userId.getBytes(StandardCharsets.UTF_8)));
    }

    /** The user id the cookie vouches for; empty when it is absent, malformed, made up or altered. */
    public Optional<String> userIdOf(String cookieValue) {
        if (cookieValue == null || cookieValue.length() > MAX_VALUE_LENGTH) {
            return Optional.empty();
        }
        int dot = cookieValue.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String userId = cookieValue.substring(0, dot);
        if (!USER_ID.matcher(userId).matches()) {
            return Optional.empty();
        }
        byte[] presented;
        try {
            presented = BASE64_DECODER.decode(cookieValue.substring(dot + 1));
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        byte[] expected = hmac.of(userId.getBytes(StandardCharsets.UTF_8));
        return MessageDigest.isEqual(presented, expected) ? Optional.of(userId) : Optional.empty();
    }

    public ResponseCookie cookie(String userId, boolean secure) {
        return ResponseCookie.from(NAME, valueFor(userId))
                .httpOnly(true).sameSite("Lax").path("/").secure(secure).maxAge(MAX_AGE).build();
    }

    /** Tells the browser to forget the identity (after the user deleted their data). */
    public static ResponseCookie cleared(boolean secure) {
        return ResponseCookie.from(NAME, "").httpOnly(true).sameSite("Lax").path("/").secure(secure)
                .maxAge(Duration.ZERO).build();
    }
}
