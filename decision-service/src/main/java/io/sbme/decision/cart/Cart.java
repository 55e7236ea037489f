package io.sbme.decision.cart;

import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Product;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A user's cart as decision-service reconstructs it from cart events. A new cart id starts when an
 * empty cart gets its first item, so per-cart caps apply to one shopping session.
 *
 * @param checkoutStartedAt when checkout began on this cart, or null
 */
public record Cart(String cartId, List<Product> lines, Instant updatedAt, Instant checkoutStartedAt) {

    /** Lines kept per cart; more distinct products than this drops the oldest. */
    static final int MAX_LINES = 100;

    public static Cart empty() {
        return new Cart(null, List.of(), null, null);
    }

    public boolean isEmpty() {
        return lines == null || lines.isEmpty();
    }

    public int items() {
        return lines.stream().mapToInt(p -> p.quantity() == null ? 1 : p.quantity()).sum();
    }

    public BigDecimal value() {
        return lines.stream().map(Product::lineValue).reduce(BigDecimal.ZERO, BigDecimal::add);
    }

    /** The line worth the most (price × quantity); ties go to the line added first. */
    public Optional<Product> best() {
        return lines.stream().max(Comparator.comparing(Product::lineValue));
    }

    public Optional<Product> line(String productId) {
        return lines.stream().filter(p -> p.productId().equals(productId)).findFirst();
    }

    /**
     * The cart after an event, as of {@code at} (the time it was processed: client clocks skew, and
     * the idle delay must be measured on ours). Events that do not touch carts leave it unchanged.
     */
    public Cart apply(CustomerEvent event, Instant at) {
        return switch (event.type()) {
            case ADD_TO_CART -> event.product() == null ? this : add(event.product(), at);
            case REMOVE_FROM_CART -> event.product() == null ? this : remove(event.product(), at);
            case CHECKOUT_STARTED -> isEmpty() ? this : new Cart(cartId, lines, at, at);
            case ORDER_COMPLETED -> empty();
            default -> this;
        };
    }

    private Cart add(Product product, Instant at) {
        List<Product> next = new ArrayList<>(isEmpty() ? List.of() : lines);
        int quantity = product.quantity() == null ? 1 : product.quantity();
        Optional<Product> existing = line(product.productId());
        if (existing.isPresent()) {
            Product old = existing.get();
            // Repeated adds never grow a line past the contract's bound, so the cart stays readable downstream.
            int sum = Math.min(ContractBounds.MAX_QUANTITY, (old.quantity() == null ? 1 : old.quantity()) + quantity);
            next.set(next.indexOf(old), merge(old, product, sum));
        } else {
            next.add(merge(product, product, quantity));
            if (next.size() > MAX_LINES) {
                next.removeFirst();
            }
        }
        String id = isEmpty() ? "c-" + UUID.randomUUID() : cartId;
        // Adding after checkout began means shopping resumed: the cart is abandonable again.
        return new Cart(id, List.copyOf(next), at, null);
    }

    private Cart remove(Product product, Instant at) {
        Optional<Product> existing = line(product.productId());
        if (existing.isEmpty()) {
            return this;
        }
        Product old = existing.get();
        int left = (old.quantity() == null ? 1 : old.quantity()) - (product.quantity() == null ? 1 : product.quantity());
        List<Product> next = new ArrayList<>(lines);
        if (left <= 0) {
            next.remove(old);
        } else {
            next.set(next.indexOf(old), merge(old, old, left));
        }
        return next.isEmpty() ? empty() : new Cart(cartId, List.copyOf(next), at, checkoutStartedAt);
    }

    /** The newer event's details where it has them, the older line's otherwise. */
    private static Product merge(Product old, Product fresh, int quantity) {
        return new Product(old.productId(), pick(fresh.sku(), old.sku()), pick(fresh.name(), old.name()),
                fresh.price() != null ? fresh.price() : old.price(), pick(fresh.currency(), old.currency()), quantity,
                pick(fresh.imageUrl(), old.imageUrl()), pick(fresh.url(), old.url()));
    }

    private static String pick(String a, String b) {
        return a != null ? a : b;
    }
}
