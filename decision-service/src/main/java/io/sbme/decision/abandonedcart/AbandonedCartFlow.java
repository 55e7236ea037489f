package io.sbme.decision.abandonedcart;

import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.cart.Cart;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The abandoned-cart rule: a cart with items, no checkout or order, idle for the flow's delay. It
 * picks the line worth the most, a discount tiered by cart value, and a deep link into the cart.
 */
public final class AbandonedCartFlow {

    private AbandonedCartFlow() {
    }

    /** Whether the cart is abandoned at {@code now}; {@code immediate} skips the idle delay (demo and admin triggers). */
    public static Optional<Candidate> evaluate(String userId, Cart cart, DecisionProperties properties, Instant now,
                                               boolean immediate, String eventId, String trigger) {
        if (cart.isEmpty() || cart.checkoutStartedAt() != null) {
            return Optional.empty();
        }
        Duration idle = cart.updatedAt() == null ? Duration.ZERO : Duration.between(cart.updatedAt(), now);
        if (!immediate && idle.compareTo(properties.active().abandonedCartDelay()) < 0) {
            return Optional.empty();
        }
        Product best = cart.best().orElseThrow();
        BigDecimal value = cart.value();
        int discount = properties.discountFor(value);
        String currency = best.currency() == null ? "" : best.currency() + " ";
        String explanation = "Cart of " + cart.items() + " item(s) worth " + currency + value.toPlainString()
                + (immediate ? " (triggered now)" : " idle for " + idle.toSeconds() + " s") + "; best product "
                + (best.name() == null ? best.productId() : best.name()) + " (line value " + best.lineValue().toPlainString()
                + "); " + discount + "% off by the cart-value tier.";
        return Optional.of(new Candidate(Flow.ABANDONED_CART, userId, eventId, cart.cartId(), best, discount,
                "cart_abandoned", explanation, true, trigger, Candidate.productLink(best, true), null));
    }
}
