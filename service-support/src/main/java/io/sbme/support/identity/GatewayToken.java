package io.sbme.support.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Mints and verifies the short-lived token the gateway (or a sibling service) attaches to every
 * internal request in the {@value #HEADER} header.
 *
 * <p>Format: {@code base64url(role|subject|expiresEpochSecond).base64url(HMAC-SHA256)}. The
 * secret is shared by the gateway and the services ({@code SBME_INTERNAL_SECRET}); a request that
 * reaches a service port directly, without a valid token, is refused.
 */
public final class GatewayToken {

    /** The header carrying the token. Any client-supplied value is stripped by the gateway. */
    public static final String HEADER = "X-Sbme-Identity";

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final HmacSha256 hmac;
    private final Clock clock;
    private final Duration ttl;

    public GatewayToken(String secret, Clock clock, Duration ttl) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("internal secret must have at least 16 characters");
        }
        this.hmac = new HmacSha256(secret.getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.ttl = ttl;
    }

    public String mint(Caller caller) {
        if (caller.subject() == null || caller.subject().isBlank() || caller.subject().contains("|")) {
            throw new IllegalArgumentException("bad subject: " + caller.subject());
        }
        long expires = clock.instant().plus(ttl).getEpochSecond();
        String payload = caller.role().name() + "|" + caller.subject() + "|" + expires;
        byte[] body = payload.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(sign(body));
    }

    /** The caller the token vouches for; empty when it is malformed, forged or expired. */
    public Optional<Caller> verify(String token) {
        if (token == null || token.length() > 1024) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0) {
            return Optional.empty();
        }
        try {
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] mac = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, sign(body))) {
                return Optional.empty();
            }
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|", -1);
            if (parts.length != 3 || Long.parseLong(parts[2]) < clock.instant().getEpochSecond()) {
                return Optional.empty();
            }
            return Optional.of(new Caller(parts[1], Caller.Role.valueOf(parts[0])));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] sign(byte[] body) {
        return hmac.of(body);
    }
}
