package io.sbme.decision;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Each user's recent decisions ({@code dec:log:<userId>}), so admin can see why a message did or did not go. */
@Component
public class DecisionLog {

    static final String PREFIX = "dec:log:";
    private static final Duration KEEP = Duration.ofDays(30);

    private final StringRedisTemplate redis;
    private final int keep;

    DecisionLog(StringRedisTemplate redis, DecisionProperties properties) {
        this.redis = redis;
        this.keep = properties.recentDecisions();
    }

    public void add(Decision decision) {
        String key = PREFIX + decision.userId();
        redis.opsForList().leftPush(key, ContractJson.writeString(decision));
        redis.opsForList().trim(key, 0, keep - 1);
        redis.expire(key, KEEP);
    }

    public List<Decision> recent(String userId) {
        List<String> json = redis.opsForList().range(PREFIX + userId, 0, keep - 1);
        return json == null ? List.of() : json.stream().map(j -> ContractJson.read(j, Decision.class)).toList();
    }

    public long erase(String userId) {
        return Boolean.TRUE.equals(redis.delete(PREFIX + userId)) ? 1 : 0;
    }
}
