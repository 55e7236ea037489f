package io.sbme.contracts;

import java.math.BigDecimal;

/** A product as the Segment ecommerce spec names its fields; {@code quantity} is for cart lines. */
public record Product(
        String productId,
        String sku,
        String name,
        BigDecimal price,
        String currency,
        Integer quantity,
        String imageUrl,
        String url) {

    /** The line value, price × quantity (quantity defaults to one). */
    public BigDecimal lineValue() {
        BigDecimal unit = price == null ? BigDecimal.ZERO : price;
        return unit.multiply(BigDecimal.valueOf(quantity == null ? 1 : quantity));
    }
}
