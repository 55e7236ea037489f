package io.sbme.contracts;

import java.math.BigDecimal;

/**
 * A product as the store's catalog has it, the one source of the names, prices, images and links
 * that messages show and orders are priced with. The value of the compacted {@link Topics#CATALOG},
 * keyed by {@code id}; a tombstone (null value) means the store removed the product.
 *
 * @param price the unit price in {@code currency}
 * @param imageUrl a path the store serves ({@code /img/...}) or an absolute https URL
 * @param url the product's page, relative to the store or absolute
 * @param available whether the store sells it now; an unavailable product is never messaged nor ordered
 */
public record CatalogProduct(int schemaVersion, String id, String name, BigDecimal price, String currency, String imageUrl, String url,
                             boolean available) {

    public static final int SCHEMA_VERSION = 1;

    /** The product as a line of {@code quantity}, in the shape events and decisions carry. */
    public Product line(Integer quantity) {
        return new Product(id, null, name, price, currency, quantity, imageUrl, url);
    }
}
