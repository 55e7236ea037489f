package io.sbme.gateway.admin;

import io.sbme.gateway.GatewayProperties;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Admin sessions in Redis under {@code gw:session:}, shared by every gateway instance, with a
 * sliding time-to-live. Redis holds only a hash of each session id, so a copy of the keys does not
 * let anyone log in.
 */
@Component
public class AdminSessions {

    /** The HttpOnly session cookie. */
    public static final String COOKIE = "SBME_ADMIN_SESSION";
    /** Readable by the admin page's script, which echoes it in {@link #CSRF_HEADER} (Spring's convention). */
    public static final String CSRF_COOKIE = "XSRF-TOKEN";
    public static final String CSRF_HEADER = "X-XSRF-TOKEN";
    /** The exchange attribute under which the edge leaves the checked {@link AdminSession}. */
    public static final String ATTRIBUTE = AdminSession.class.getName();

    private static final String PREFIX = "gw:session:";
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;
    private final SecureRandom random = new SecureRandom();

    AdminSessions(ReactiveStringRedisTemplate redis, GatewayProperties properties) {
        this.redis = redis;
        this.ttl = properties.adminSessionTtl();
    }

    Mono<AdminSession> create(String username) {
        AdminSession session = new AdminSession(newToken(), username, newToken());
        String key = key(session.id());
        return redis.opsForHash().putAll(key, Map.of("user", username, "csrf", session.csrfToken()))
                .then(redis.expire(key, ttl))
                .thenReturn(session);
    }

    /** The live session the cookie value names, its lifetime renewed; empty for unknown or expired ids. */
    public Mono<AdminSession> find(String id) {
        if (id == null || !TOKEN.matcher(id).matches()) {
            return Mono.empty();
        }
        String key = key(id);
        return redis.<String, String>opsForHash().entries(key).collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> fields.containsKey("user") && fields.containsKey("csrf"))
                .flatMap(fields -> redis.expire(key, ttl)
                        .thenReturn(new AdminSession(id, fields.get("user"), fields.get("csrf"))));
    }

    Mono<Void> delete(String id) {
        if (id == null || !TOKEN.matcher(id).matches()) {
            return Mono.empty();
        }
        return redis.delete(key(id)).then();
    }

    static ResponseCookie sessionCookie(String value, boolean secure, Duration maxAge) {
        return ResponseCookie.from(COOKIE, value).httpOnly(true).sameSite("Strict").path("/").secure(secure)
                .maxAge(maxAge).build();
    }

    static ResponseCookie csrfCookie(String value, boolean secure, Duration maxAge) {
        return ResponseCookie.from(CSRF_COOKIE, value).httpOnly(false).sameSite("Strict").path("/").secure(secure)
                .maxAge(maxAge).build();
    }

    private String newToken() {
        byte[] bits = new byte[32];
        random.nextBytes(bits);
        return BASE64.encodeToString(bits);
    }

    private static String key(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.US_ASCII));
            return PREFIX + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
