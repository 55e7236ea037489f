package io.sbme.decision.abandonedcart;

import static io.sbme.decision.Fixtures.event;
import static io.sbme.decision.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.EventType;
import io.sbme.decision.Candidate;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Fixtures;
import io.sbme.decision.cart.Cart;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Abandoned-cart timing, exits and choices on a fixed clock. */
class AbandonedCartFlowTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T09:00:00Z"), ZoneOffset.UTC);
    private final DecisionProperties properties = Fixtures.properties();
    private final String user = "u-1";

    private Cart cartWithTwoLines(Instant at) {
        return Cart.empty()
                .apply(event(user, EventType.ADD_TO_CART, product("p-cheap", "100", 3), at), at)
                .apply(event(user, EventType.ADD_TO_CART, product("p-lamp", "2499", 1), at), at);
    }

    private Optional<Candidate> at(Cart cart, Duration later) {
        return AbandonedCartFlow.evaluate(user, cart, properties, clock.instant().plus(later), false, "evt", "timer");
    }

    @Test
    void firesOnlyOnceTheCartWasIdleForTheDelay() {
        Cart cart = cartWithTwoLines(clock.instant());

        assertThat(at(cart, Duration.ofMinutes(29))).isEmpty();
        assertThat(at(cart, Duration.ofMinutes(30))).isPresent();
    }

    @Test
    void picksTheLineWorthTheMostAndTheDiscountTierOfTheCartValue() {
        Cart cart = cartWithTwoLines(clock.instant());

        Candidate candidate = at(cart, Duration.ofMinutes(31)).orElseThrow();

        assertThat(candidate.product().productId()).isEqualTo("p-lamp");
        assertThat(candidate.discountPercent()).isEqualTo(10);
        assertThat(candidate.ctaUrl()).isEqualTo("/?product=p-lamp&cart=1");
        assertThat(candidate.ref()).isEqualTo(cart.cartId());
        assertThat(candidate.explanation()).contains("Cart of 4 item(s)").contains("2799");
    }

    @Test
    void sendsNothingWhenTheOrderWasPlacedBeforeTheDelay() {
        Instant start = clock.instant();
        Cart cart = cartWithTwoLines(start)
                .apply(event(user, EventType.ORDER_COMPLETED, null, start.plusSeconds(60)), start.plusSeconds(60));

        assertThat(cart.isEmpty()).isTrue();
        assertThat(at(cart, Duration.ofMinutes(45))).isEmpty();
    }

    @Test
    void sendsNothingOnceCheckoutStartedOrTheCartWasEmptied() {
        Instant start = clock.instant();
        Cart checkout = cartWithTwoLines(start)
                .apply(event(user, EventType.CHECKOUT_STARTED, null, start.plusSeconds(60)), start.plusSeconds(60));
        Cart emptied = cartWithTwoLines(start)
                .apply(event(user, EventType.REMOVE_FROM_CART, product("p-cheap", "100", 3), start), start)
                .apply(event(user, EventType.REMOVE_FROM_CART, product("p-lamp", "2499", 1), start), start);

        assertThat(at(checkout, Duration.ofHours(2))).isEmpty();
        assertThat(emptied.isEmpty()).isTrue();
        assertThat(at(emptied, Duration.ofHours(2))).isEmpty();
    }

    @Test
    void restartsTheIdleClockWithEveryCartChangeAndStartsANewCartAfterAnOrder() {
        Instant start = clock.instant();
        Cart first = cartWithTwoLines(start);
        Cart touched = first.apply(event(user, EventType.ADD_TO_CART, product("p-x", "5", 1), start.plusSeconds(600)),
                start.plusSeconds(600));
        Cart next = touched.apply(event(user, EventType.ORDER_COMPLETED, null, start), start)
                .apply(event(user, EventType.ADD_TO_CART, product("p-y", "5", 1), start), start);

        assertThat(at(touched, Duration.ofMinutes(31))).isEmpty();
        assertThat(at(touched, Duration.ofMinutes(40))).isPresent();
        assertThat(next.cartId()).isNotEqualTo(first.cartId());
    }

    @Test
    void usesDemoTimingsWhenTheDemoProfileIsOn() {
        Cart cart = cartWithTwoLines(clock.instant());

        var demo = AbandonedCartFlow.evaluate(user, cart, Fixtures.demoProperties(), clock.instant().plusSeconds(20),
                false, "evt", "timer");

        assertThat(demo).isPresent();
        assertThat(Fixtures.demoProperties().active().deliveryTtl()).isEqualTo(Duration.ofSeconds(20));
    }
}
