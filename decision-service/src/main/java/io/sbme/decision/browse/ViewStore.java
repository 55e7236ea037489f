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

/**
 * What users looked at: each user's recent views ({@code dec:viewed:<userId>}, a list of the last
 * {@value #MAX_VIEWS}), who saw or carted each product ({@code dec:seen:<productId>}, for the
 * price-drop audience; with the reverse index {@code dec:useen:<userId>} for erasure), and the last
 * known details of each product ({@code dec:product:<productId>}, not personal).
 */
@Component
public class ViewStore {

    static final int MAX_VIEWS = 50;
    private static final String VIEWS = "dec:viewed:";
    private static final Duration KEEP = Duration.ofDays(30);
    // The views used to be one JSON document per user under this prefix, read, parsed and rewritten
    // on every view; such keys expire on their own within KEEP and are deleted on erasure until then.
    private static final String LEGACY_VIEWS = "dec:views:";
    private static final String SEEN_LUA = """
            redis.call('ZADD', KEYS[1], ARGV[2], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            redis.call('SADD', KEYS[2], ARGV[4])
            redis.call('EXPIRE', KEYS[2], ARGV[3])
            redis.call('SET', KEYS[3], ARGV[5], 'EX', ARGV[3])
            """;
    // One round trip for what were five: this runs for every add to cart.
    private static final RedisScript<Long> SEEN = RedisScript.of(SEEN_LUA + "return 1", Long.class);
    // And one for what were seven on every view: the audience indexes, the appended view and the list back.
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> VIEW = RedisScript.of(SEEN_LUA + """
            redis.call('RPUSH', KEYS[4], ARGV[6])
            redis.call('LTRIM', KEYS[4], -tonumber(ARGV[7]), -1)
            redis.call('EXPIRE', KEYS[4], ARGV[3])
            return redis.call('LRANGE', KEYS[4], 0, -1)
            """, List.class);

    private final StringRedisTemplate redis;

    ViewStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** The user's recent views, oldest first. */
    public List<BrowseFlow.View> views(String userId) {
        return parse(redis.opsForList().range(VIEWS + userId, 0, -1));
    }

    /** Notes that the user viewed the product now; answers their recent views, this one last. */
    public List<BrowseFlow.View> view(String userId, Product product, Instant at) {
        List<?> views = redis.execute(VIEW, seenKeys(userId, product, VIEWS + userId), seenArgs(userId, product, at,
                at.toEpochMilli() + " " + product.productId(), Integer.toString(MAX_VIEWS)));
        return parse(views);
    }

    /** Notes that the user carted the product now (they saw it too). */
    public void seen(String userId, Product product, Instant at) {
        redis.execute(SEEN, seenKeys(userId, product), seenArgs(userId, product, at));
    }

    private static List<String> seenKeys(String userId, Product product, String... more) {
        List<String> keys = new ArrayList<>(List.of("dec:seen:" + product.productId(), "dec:useen:" + userId,
                "dec:product:" + product.productId()));
        keys.addAll(List.of(more));
        return keys;
    }

    private static Object[] seenArgs(String userId, Product product, Instant at, String... more) {
        List<String> args = new ArrayList<>(List.of(userId, Long.toString(at.toEpochMilli()),
                Long.toString(KEEP.toSeconds()), product.productId(), ContractJson.writeString(product)));
        args.addAll(List.of(more));
        return args.toArray();
    }

    /** Entries are {@code <epoch millis> <product id>}: the number never holds a space, a product id may. */
    private static List<BrowseFlow.View> parse(List<?> entries) {
        if (entries == null) {
            return List.of();
        }
        List<BrowseFlow.View> views = new ArrayList<>(entries.size());
        for (Object entry : entries) {
            String text = entry.toString();
            int space = text.indexOf(' ');
            views.add(new BrowseFlow.View(text.substring(space + 1),
                    Instant.ofEpochMilli(Long.parseLong(text.substring(0, space)))));
        }
        return views;
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
        erased += redis.delete(List.of("dec:useen:" + userId, VIEWS + userId, LEGACY_VIEWS + userId));
        return erased;
    }
}
