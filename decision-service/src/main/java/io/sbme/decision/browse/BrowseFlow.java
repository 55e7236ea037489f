package io.sbme.decision.browse;

import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.cart.Cart;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The browse-abandonment rule: the same product viewed at least N times within the window, never carted. */
public final class BrowseFlow {

    private BrowseFlow() {
    }

    /** One product view. */
    public record View(String productId, Instant at) {
    }

    /**
     * Whether the views make this product a browse-abandonment candidate (before the delay). The cart
     * is asked for only when the views qualify: this runs for every view, and most do not.
     */
    public static boolean interested(List<View> views, Supplier<Cart> cart, String productId,
                                     DecisionProperties.Browse browse, Instant now) {
        long recent = views.stream().filter(v -> v.productId().equals(productId))
                .filter(v -> !v.at().isBefore(now.minus(browse.window()))).count();
        return recent >= browse.minViews() && cart.get().line(productId).isEmpty();
    }

    /** At the timer: still viewed-not-carted? */
    public static Optional<Candidate> evaluate(String userId, List<View> views, Cart cart, Product product,
                                               DecisionProperties properties, String eventId) {
        if (cart.line(product.productId()).isPresent()) {
            return Optional.empty();
        }
        long count = views.stream().filter(v -> v.productId().equals(product.productId())).count();
        if (count < properties.browse().minViews()) {
            return Optional.empty();
        }
        return Optional.of(new Candidate(Flow.BROWSE_ABANDONMENT, userId, eventId, product.productId(), product, null,
                "browse_abandoned", "Viewed " + (product.name() == null ? product.productId() : product.name()) + " "
                + count + " times without adding it to the cart.", true, "timer", Candidate.productLink(product, false),
                null));
    }
}
