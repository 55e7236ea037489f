package io.sbme.decision.browse;

import static io.sbme.decision.Fixtures.event;
import static io.sbme.decision.Fixtures.product;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.EventType;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Fixtures;
import io.sbme.decision.cart.Cart;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The browse-abandonment rule on a fixed instant. */
class BrowseFlowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private final DecisionProperties properties = Fixtures.properties();

    @Test
    void becomesInterestedAfterTwoViewsOfTheSameProductWithinTheWindow() {
        var once = List.of(new BrowseFlow.View("p-1", NOW));
        var twice = List.of(new BrowseFlow.View("p-1", NOW.minusSeconds(600)), new BrowseFlow.View("p-1", NOW));
        var twiceButLongAgo = List.of(new BrowseFlow.View("p-1", NOW.minusSeconds(7200)), new BrowseFlow.View("p-1", NOW));
        var twoProducts = List.of(new BrowseFlow.View("p-1", NOW), new BrowseFlow.View("p-2", NOW));

        assertThat(BrowseFlow.interested(once, Cart::empty, "p-1", properties.browse(), NOW)).isFalse();
        assertThat(BrowseFlow.interested(twice, Cart::empty, "p-1", properties.browse(), NOW)).isTrue();
        assertThat(BrowseFlow.interested(twiceButLongAgo, Cart::empty, "p-1", properties.browse(), NOW)).isFalse();
        assertThat(BrowseFlow.interested(twoProducts, Cart::empty, "p-1", properties.browse(), NOW)).isFalse();
    }

    @Test
    void exitsWhenTheProductWasAddedToTheCartBeforeTheTimer() {
        var views = List.of(new BrowseFlow.View("p-1", NOW.minusSeconds(60)), new BrowseFlow.View("p-1", NOW));
        Cart carted = Cart.empty().apply(event("u", EventType.ADD_TO_CART, product("p-1", "10", 1), NOW), NOW);

        assertThat(BrowseFlow.evaluate("u", views, carted, product("p-1", "10", 1), properties, "evt")).isEmpty();
        assertThat(BrowseFlow.evaluate("u", views, Cart.empty(), product("p-1", "10", 1), properties, "evt"))
                .hasValueSatisfying(c -> assertThat(c.ctaUrl()).isEqualTo("/?product=p-1"));
    }
}
