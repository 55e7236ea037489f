package io.sbme.ingest.catalog;

import io.sbme.contracts.CatalogProduct;
import java.math.BigDecimal;
import java.util.Currency;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The rules a catalog product must meet before it may be shown in a message, pure: an id like every
 * other id, a plain one-line name, a price below 10^12, an ISO 4217 currency, an image and a page
 * that the store serves (a path) or that live on https.
 */
final class CatalogProducts {

    static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@\\-]{1,200}");
    static final int MAX_NAME = 120;
    static final int MAX_URL = 500;
    private static final BigDecimal MAX_PRICE = new BigDecimal("1000000000000");
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cntrl}\\u2028\\u2029]");
    private static final Pattern HTTPS = Pattern.compile("(?i)https://[^\\s]+");
    private static final Pattern LINK = Pattern.compile("(?i)https?://[^\\s]+");

    private CatalogProducts() {
    }

    /** A product as the store describes it; null fields are missing. */
    record Described(String name, BigDecimal price, String currency, String imageUrl, String url, Boolean available) {
    }

    /** The product to store, or an {@link IllegalArgumentException} whose message says what is wrong. */
    static CatalogProduct validated(String id, Described body) {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("the product id must be 1-200 characters of letters, digits and ._:@-");
        }
        if (body == null) {
            throw new IllegalArgumentException("the body must describe the product: name, price, currency");
        }
        String name = body.name() == null ? "" : body.name().strip();
        if (name.isEmpty() || name.length() > MAX_NAME || CONTROL.matcher(name).find()) {
            throw new IllegalArgumentException("name is required: one line of at most " + MAX_NAME + " characters");
        }
        if (body.price() == null || body.price().signum() < 0 || body.price().compareTo(MAX_PRICE) >= 0) {
            throw new IllegalArgumentException("price is required: a number ≥ 0 and below 10^12");
        }
        return new CatalogProduct(CatalogProduct.SCHEMA_VERSION, id, name, body.price(), currency(body.currency()),
                link(body.imageUrl(), "imageUrl", HTTPS), link(body.url(), "url", LINK),
                body.available() == null || body.available());
    }

    private static String currency(String code) {
        String upper = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
        try {
            if (upper.length() == 3) {
                return Currency.getInstance(upper).getCurrencyCode();
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw new IllegalArgumentException("currency is required: an ISO 4217 code such as INR");
    }

    // Images load inside WhatsApp and the preview: a path the store serves, or https, never plain http.
    private static String link(String value, String field, Pattern absolute) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String link = value.strip();
        boolean path = link.startsWith("/") && !link.startsWith("//") && !link.contains("\\");
        if (link.length() > MAX_URL || (!path && !absolute.matcher(link).matches()) || CONTROL.matcher(link).find()) {
            throw new IllegalArgumentException(field + " must be a path on the store (/...) or an "
                    + (absolute == HTTPS ? "https" : "http(s)") + " URL of at most " + MAX_URL + " characters");
        }
        return link;
    }
}
