package io.sbme.decision.abandonedcart;

import static io.sbme.decision.Fixtures.event;
import static io.sbme.decision.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.EventType;
import io.sbme.decision.Fixtures;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.checkoutrescue.CheckoutRescueFlow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Checkout-rescue timing and exit. */
class CheckoutRescueFlowTest {

    private static final Instant START = Instant.parse("2026-11-24T09:00:00Z");

    @Test
    void rescuesACheckoutWithoutAnOrderAfterTheDelayOnly() {
        Cart checkout = Cart.empty()
                .apply(event("u", EventType.ADD_TO_CART, product("p-1", "6000", 1), START), START)
                .apply(event("u", EventType.CHECKOUT_STARTED, null, START), START);

        var early = CheckoutRescueFlow.evaluate("u", checkout, Fixtures.properties(), START.plus(Duration.ofMinutes(10)), "e");
        var due = CheckoutRescueFlow.evaluate("u", checkout, Fixtures.properties(), START.plus(Duration.ofMinutes(30)), "e");

        assertThat(early).isEmpty();
        assertThat(due).hasValueSatisfying(c -> assertThat(c.discountPercent()).isEqualTo(15));
    }

    @Test
    void exitsWhenTheOrderCompletes() {
        Cart ordered = Cart.empty()
                .apply(event("u", EventType.ADD_TO_CART, product("p-1", "60", 1), START), START)
                .apply(event("u", EventType.CHECKOUT_STARTED, null, START), START)
                .apply(event("u", EventType.ORDER_COMPLETED, null, START.plusSeconds(5)), START.plusSeconds(5));

        assertThat(CheckoutRescueFlow.evaluate("u", ordered, Fixtures.properties(), START.plus(Duration.ofHours(1)), "e"))
                .isEmpty();
    }
}
