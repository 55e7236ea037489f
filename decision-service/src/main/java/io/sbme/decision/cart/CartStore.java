package io.sbme.decision.cart;

import io.sbme.contracts.ContractJson;
import java.time.Duration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/** Carts in Redis at {@code dec:cart:<userId>}, kept 30 days after their last change. */
@Component
public class CartStore {

    static final String PREFIX = "dec:cart:";
    private static final Duration KEEP = Duration.ofDays(30);

    private final StringRedisTemplate redis;

    CartStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    public Cart of(String userId) {
        String json = redis.opsForValue().get(PREFIX + userId);
        return json == null ? Cart.empty() : ContractJson.read(json, Cart.class);
    }

    public void save(String userId, Cart cart) {
        if (cart.isEmpty()) {
            redis.delete(PREFIX + userId);
        } else {
            redis.opsForValue().set(PREFIX + userId, ContractJson.writeString(cart), KEEP);
        }
    }

    public long erase(String userId) {
        return Boolean.TRUE.equals(redis.delete(PREFIX + userId)) ? 1 : 0;
    }
}
