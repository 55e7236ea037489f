package io.sbme.decision.caps;

import io.sbme.contracts.Flow;
import io.sbme.decision.DecisionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Component;

/**
 * The user's marketing sends in Redis, one sorted set per user ({@code dec:caps:<userId>}, member
 * {@code <flow>|<ref>|<messageId>}, score = sent epoch ms), trimmed to the longest cap window.
 */
@Component
public class CapStore {

    static final String PREFIX = "dec:caps:";

    private final StringRedisTemplate redis;
    private final Duration keep;

    CapStore(StringRedisTemplate redis, DecisionProperties properties) {
        this.redis = redis;
        var caps = properties.caps();
        this.keep = caps.marketingWindow().compareTo(caps.perCartWindow()) > 0 ? caps.marketingWindow() : caps.perCartWindow();
    }

    public FrequencyCaps.History history(String userId, Flow flow, String ref, Instant now) {
        Set<ZSetOperations.TypedTuple<String>> sends = redis.opsForZSet()
                .rangeByScoreWithScores(PREFIX + userId, now.minus(keep).toEpochMilli(), Double.MAX_VALUE);
        List<Instant> marketing = new ArrayList<>();
        List<Instant> sameRef = new ArrayList<>();
        String prefix = flow.wireName() + "|" + ref + "|";
        if (sends != null) {
            for (var send : sends) {
                Instant at = Instant.ofEpochMilli(send.getScore().longValue());
                marketing.add(at);
                if (ref != null && send.getValue().startsWith(prefix)) {
                    sameRef.add(at);
                }
            }
        }
        return new FrequencyCaps.History(marketing, sameRef);
    }

    public void record(String userId, Flow flow, String ref, String messageId, Instant at) {
        String key = PREFIX + userId;
        redis.opsForZSet().add(key, flow.wireName() + "|" + ref + "|" + messageId, at.toEpochMilli());
        redis.opsForZSet().removeRangeByScore(key, 0, at.minus(keep).toEpochMilli());
        redis.expire(key, keep.plusDays(1));
    }

    public long erase(String userId) {
        return Boolean.TRUE.equals(redis.delete(PREFIX + userId)) ? 1 : 0;
    }
}
