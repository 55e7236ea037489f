package io.sbme.decision.consent;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ContractJson;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * The latest {@code consent-state} per user, kept in Redis ({@code dec:consent:<userId>}) so it
 * survives restarts without re-reading the compacted topic; an older version never overwrites a newer.
 */
@Component
public class ConsentView {

    static final String PREFIX = "dec:consent:";

    private final StringRedisTemplate redis;

    ConsentView(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public ConsentState of(String userId) {
        String json = redis.opsForValue().get(PREFIX + userId);
        return json == null ? null : ContractJson.read(json, ConsentState.class);
    }

    /** Stores the state unless this or a newer version is already known; answers whether it was stored. */
    public boolean update(ConsentState state) {
        ConsentState known = of(state.userId());
        if (known != null && known.version() >= state.version()) {
            return false;
        }
        redis.opsForValue().set(PREFIX + state.userId(), ContractJson.writeString(state));
        return true;
    }

    public long erase(String userId) {
        return Boolean.TRUE.equals(redis.delete(PREFIX + userId)) ? 1 : 0;
    }
}
