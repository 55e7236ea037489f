package io.sbme.decision.checkoutrescue;

import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.cart.Cart;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** The checkout-rescue rule: checkout started, no order within the flow's delay. */
public final class CheckoutRescueFlow {

    private CheckoutRescueFlow() {
    }

    public static Optional<Candidate> evaluate(String userId, Cart cart, DecisionProperties properties, Instant now,
                                               String eventId) {
        if (cart.isEmpty() || cart.checkoutStartedAt() == null) {
            return Optional.empty();
        }
        Duration waited = Duration.between(cart.checkoutStartedAt(), now);
        if (waited.compareTo(properties.active().checkoutRescueDelay()) < 0) {
            return Optional.empty();
        }
        Product best = cart.best().orElseThrow();
        int discount = properties.discountFor(cart.value());
        return Optional.of(new Candidate(Flow.CHECKOUT_RESCUE, userId, eventId, cart.cartId(), best, discount,
                "checkout_abandoned", "Checkout started " + waited.toSeconds() + " s ago without an order; "
                + discount + "% off to finish it.", true, "timer", Candidate.productLink(best, true), null));
    }
}
