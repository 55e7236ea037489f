package io.sbme.consent.privacy;

import io.sbme.consent.vault.BlindIndex;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Erase requests and who confirmed them, kept without the deleted user's id.
 *
 * <p>Keys: {@code con:privacy:<requestId>} (hash: requestedAt, requestedBy, expected services,
 * {@code ack:<service>} = confirmation time), {@code con:privacyidx} (request ids by time, the
 * newest {@value #KEPT_IN_INDEX}), {@code con:deleted:<HMAC(userId)>} (request id), so an admin who
 * searches for a deleted id learns it was deleted and by which request, while the stored data
 * cannot be turned back into the id.
 */
@Component
class PrivacyLedger {

    static final int KEPT_IN_INDEX = 1000;
    private static final String INDEX = "con:privacyidx";
    private static final String ACK = "ack:";

    private final StringRedisTemplate redis;
    private final BlindIndex blindIndex;

    PrivacyLedger(StringRedisTemplate redis, BlindIndex blindIndex) {
        this.redis = redis;
        this.blindIndex = blindIndex;
    }

    private static String key(String requestId) {
        return "con:privacy:" + requestId;
    }

    private String deletedKey(String userId) {
        return "con:deleted:" + blindIndex.ofUser(userId);
    }

    void open(String requestId, String userId, String requestedBy, Instant at, List<String> expected) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("requestedAt", at.toString());
        fields.put("requestedBy", requestedBy);
        fields.put("expected", String.join(",", expected));
        redis.opsForHash().putAll(key(requestId), fields);
        redis.opsForValue().set(deletedKey(userId), requestId);
        redis.opsForZSet().add(INDEX, requestId, at.toEpochMilli());
        redis.opsForZSet().removeRange(INDEX, 0, -KEPT_IN_INDEX - 1L);
    }

    /** Records a service's confirmation; ignores requests this service never made. */
    boolean confirm(String requestId, String service, Instant at) {
        if (!Boolean.TRUE.equals(redis.hasKey(key(requestId)))) {
            return false;
        }
        redis.opsForHash().put(key(requestId), ACK + service, at.toString());
        return true;
    }

    /** The erase request that deleted this user id, if any. */
    Optional<String> deletedBy(String userId) {
        return Optional.ofNullable(redis.opsForValue().get(deletedKey(userId)));
    }

    Optional<PrivacyRequestView> find(String requestId) {
        Map<Object, Object> fields = redis.opsForHash().entries(key(requestId));
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        List<String> expected = Arrays.stream(String.valueOf(fields.getOrDefault("expected", "")).split(","))
                .filter(s -> !s.isBlank()).toList();
        List<PrivacyRequestView.ServiceAck> services = new ArrayList<>();
        for (String service : expected) {
            Object at = fields.get(ACK + service);
            services.add(new PrivacyRequestView.ServiceAck(service, at != null, at == null ? null : at.toString()));
        }
        fields.forEach((name, at) -> {
            String field = name.toString();
            if (field.startsWith(ACK) && !expected.contains(field.substring(ACK.length()))) {
                services.add(new PrivacyRequestView.ServiceAck(field.substring(ACK.length()), true, at.toString()));
            }
        });
        boolean complete = services.stream().filter(s -> expected.contains(s.service()))
                .allMatch(PrivacyRequestView.ServiceAck::confirmed);
        return Optional.of(new PrivacyRequestView(requestId, String.valueOf(fields.get("requestedAt")),
                String.valueOf(fields.get("requestedBy")), services, complete));
    }

    /** The most recent requests, newest first. */
    List<PrivacyRequestView> recent(int limit) {
        var ids = redis.opsForZSet().reverseRange(INDEX, 0, limit - 1L);
        return ids == null ? List.of() : ids.stream().map(this::find).flatMap(Optional::stream).toList();
    }
}
