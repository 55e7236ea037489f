package io.sbme.decision.caps;

import io.sbme.contracts.Flow;
import io.sbme.decision.DecisionProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.stereotype.Component;

/**
 * The marketing sends in Redis, one sorted set per user ({@code dec:caps:<userId>}, member
 * {@code <flow>|<ref>|<messageId>}, score = sent epoch ms) and the same per number
 * ({@code dec:capsnum:<numberKey>}), both trimmed to the longest cap window. Why per number too:
 * consent belongs to the number, and any number of profiles may hold one, so a cap counted per
 * profile alone would multiply with every profile. {@code dec:capsnumkey:<userId>} remembers which
 * number a user's sends were counted on, so that erasing the user removes them there too.
 */
@Component
public class CapStore {

    static final String PREFIX = "dec:caps:";
    static final String NUMBER_PREFIX = "dec:capsnum:";
    static final String NUMBER_OF = "dec:capsnumkey:";

    private final StringRedisTemplate redis;
    private final Duration keep;

    CapStore(StringRedisTemplate redis, DecisionProperties properties) {
        this.redis = redis;
        var caps = properties.caps();
        this.keep = caps.marketingWindow().compareTo(caps.perCartWindow()) > 0 ? caps.marketingWindow() : caps.perCartWindow();
    }

    /**
     * The sends to this user and to their number (each send once).
     *
     * @param numberKey the number's key from consent, or null when it has none
     */
    public FrequencyCaps.History history(String userId, String numberKey, Flow flow, String ref, Instant now) {
        Map<String, Double> sends = new HashMap<>();
        for (String key : keys(userId, numberKey)) {
            Set<ZSetOperations.TypedTuple<String>> found = redis.opsForZSet()
                    .rangeByScoreWithScores(key, now.minus(keep).toEpochMilli(), Double.MAX_VALUE);
            if (found != null) {
                found.forEach(send -> sends.put(send.getValue(), send.getScore()));
            }
        }
        List<Instant> marketing = new ArrayList<>();
        List<Instant> sameRef = new ArrayList<>();
        String prefix = flow.wireName() + "|" + ref + "|";
        sends.forEach((member, score) -> {
            Instant at = Instant.ofEpochMilli(score.longValue());
            marketing.add(at);
            if (ref != null && member.startsWith(prefix)) {
                sameRef.add(at);
            }
        });
        return new FrequencyCaps.History(marketing, sameRef);
    }

    public void record(String userId, String numberKey, Flow flow, String ref, String messageId, Instant at) {
        for (String key : keys(userId, numberKey)) {
            redis.opsForZSet().add(key, flow.wireName() + "|" + ref + "|" + messageId, at.toEpochMilli());
            redis.opsForZSet().removeRangeByScore(key, 0, at.minus(keep).toEpochMilli());
            redis.expire(key, keep.plusDays(1));
        }
        if (numberKey != null) {
            redis.opsForValue().set(NUMBER_OF + userId, numberKey, keep.plusDays(1));
        }
    }

    /** Forgets the user's sends, here and on the number they were counted on. */
    public long erase(String userId) {
        String numberKey = redis.opsForValue().get(NUMBER_OF + userId);
        Set<String> mine = redis.opsForZSet().range(PREFIX + userId, 0, -1);
        long erased = 0;
        if (numberKey != null && mine != null && !mine.isEmpty()) {
            Long removed = redis.opsForZSet().remove(NUMBER_PREFIX + numberKey, mine.toArray());
            erased += removed == null ? 0 : removed;
        }
        erased += Boolean.TRUE.equals(redis.delete(NUMBER_OF + userId)) ? 1 : 0;
        return erased + (Boolean.TRUE.equals(redis.delete(PREFIX + userId)) ? 1 : 0);
    }

    private static List<String> keys(String userId, String numberKey) {
        return numberKey == null ? List.of(PREFIX + userId) : List.of(PREFIX + userId, NUMBER_PREFIX + numberKey);
    }
}
