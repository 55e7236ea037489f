package io.sbme.decision.browse;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Product;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;

/**
 * What users looked at: each user's recent views ({@code dec:views:<userId>}, last
 * {@value #MAX_VIEWS}), who saw or carted each product ({@code dec:seen:<productId>}, for the
 * price-drop audience; with the reverse index {@code dec:useen:<userId>} for erasure), and the last
 * known details of each product ({@code dec:product:<productId>}, not personal).
 */
@Component
public class ViewStore {

    static final int MAX_VIEWS = 50;
    private static final Duration KEEP = Duration.ofDays(30);
    private static final TypeReference<List<BrowseFlow.View>> VIEWS = new TypeReference<>() {
    };
    // One round trip for what were five: this runs for every view and every add to cart.
    private static final RedisScript<Long> SEEN = RedisScript.of("""
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[4])
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;

    ViewStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public List<BrowseFlow.View> views(String userId) {
        String json = redis.opsForValue().get("dec:views:" + userId);
        return json == null ? List.of() : ContractJson.mapper().readValue(json, VIEWS);
    }

    public List<BrowseFlow.View> addView(String userId, String productId, Instant at) {
        List<BrowseFlow.View> views = new ArrayList<>(views(userId));
        views.add(new BrowseFlow.View(productId, at));
        while (views.size() > MAX_VIEWS) {
            views.removeFirst();
        }
        redis.opsForValue().set("dec:views:" + userId, ContractJson.writeString(views), KEEP);
        return views;
    }

    /** Notes that the user saw or carted the product now. */
    public void seen(String userId, Product product, Instant at) {
        redis.execute(SEEN, List.of("dec:seen:" + product.productId(), "dec:useen:" + userId,
                        "dec:product:" + product.productId()),
                userId, Long.toString(at.toEpochMilli()), Long.toString(KEEP.toSeconds()), product.productId(),
                ContractJson.writeString(product));
    }

    /** Who saw the product since {@code since}, with when they last did. */
    public Map<String, Instant> seenSince(String productId, Instant since, int max) {
        Set<ZSetOperations.TypedTuple<String>> tuples = redis.opsForZSet()
                .reverseRangeByScoreWithScores("dec:seen:" + productId, since.toEpochMilli(), Double.MAX_VALUE, 0, max);
        Map<String, Instant> seen = new HashMap<>();
        if (tuples != null) {
            tuples.forEach(t -> seen.put(t.getValue(), Instant.ofEpochMilli(t.getScore().longValue())));
        }
        return seen;
    }

    public Optional<Product> product(String productId) {
        String json = redis.opsForValue().get("dec:product:" + productId);
        return json == null ? Optional.empty() : Optional.of(ContractJson.read(json, Product.class));
    }

    public long erase(String userId) {
        long erased = 0;
        Set<String> products = redis.opsForSet().members("dec:useen:" + userId);
        if (products != null) {
            for (String productId : products) {
                Long removed = redis.opsForZSet().remove("dec:seen:" + productId, userId);
                erased += removed == null ? 0 : removed;
            }
        }
        erased += redis.delete(List.of("dec:useen:" + userId, "dec:views:" + userId));
        return erased;
    }
}
