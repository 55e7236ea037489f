package io.sbme.ingest.orders;

import io.sbme.contracts.CatalogProduct;
import io.sbme.contracts.Product;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Prices an order from the catalog, pure: each line is the catalog's product at the catalog's
 * price times the quantity asked for; the total is their sum. The buyer names products and
 * quantities only, so no price, name or total a browser sends ever reaches revenue.
 */
final class OrderPricing {

    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 10_000;

    private OrderPricing() {
    }

    /** One line as the buyer asks for it. */
    record Item(String productId, Integer quantity) {
    }

    /** The priced order: catalog lines, their total and the one currency they share. */
    record Priced(List<Product> lines, BigDecimal total, String currency) {
    }

    /** The priced order, or an {@link IllegalArgumentException} saying which line cannot be sold. */
    static Priced price(List<Item> items, Function<String, Optional<CatalogProduct>> catalog) {
        if (items == null || items.isEmpty()) {
            throw new IllegalArgumentException("items must name at least one product");
        }
        if (items.size() > MAX_LINES) {
            throw new IllegalArgumentException("an order may have at most " + MAX_LINES + " lines");
        }
        // The same product twice is one line of the summed quantity.
        Map<String, Integer> quantities = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item == null || item.productId() == null || item.productId().isBlank()) {
                throw new IllegalArgumentException("items[" + i + "].productId is required");
            }
            int quantity = item.quantity() == null ? 1 : item.quantity();
            if (quantity < 1 || quantity > MAX_QUANTITY) {
                throw new IllegalArgumentException("items[" + i + "].quantity must be a whole number from 1 to " + MAX_QUANTITY);
            }
            quantities.merge(item.productId(), quantity, Integer::sum);
        }
        List<Product> lines = new ArrayList<>();
        String currency = null;
        BigDecimal total = BigDecimal.ZERO;
        for (Map.Entry<String, Integer> entry : quantities.entrySet()) {
            CatalogProduct product = catalog.apply(entry.getKey()).filter(CatalogProduct::available)
                    .orElseThrow(() -> new IllegalArgumentException("the store does not sell " + shortened(entry.getKey())));
            if (entry.getValue() > MAX_QUANTITY) {
                throw new IllegalArgumentException("at most " + MAX_QUANTITY + " of one product per order");
            }
            if (currency != null && !currency.equals(product.currency())) {
                throw new IllegalArgumentException("an order is priced in one currency; " + product.id() + " is in "
                        + product.currency() + ", not " + currency);
            }
            currency = product.currency();
            Product line = product.line(entry.getValue());
            lines.add(line);
            total = total.add(line.lineValue());
        }
        return new Priced(List.copyOf(lines), total, currency);
    }

    private static String shortened(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "…" : id;
    }
}
