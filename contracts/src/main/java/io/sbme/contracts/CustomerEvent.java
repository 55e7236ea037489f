package io.sbme.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/**
 * A customer action that ingest accepted (or that tracking observed: a click, an inbound reply).
 *
 * @param product the product for product-level events (view, add, remove)
 * @param order the order for {@code checkout_started} and {@code order_completed}
 * @param priceDrop the change for {@code price_drop}
 * @param text the customer's words for {@code support_message}; never contains a phone number
 * @param channel the channel an inbound reply or a click came from
 * @param messageId our message id for clicks and for orders that carried {@code utm_message_id}
 * @param source how ingest received the event ({@link #SOURCE_STOREFRONT}, {@link #SOURCE_BATCH},
 *     {@link #SOURCE_CHECKOUT}), set by the receiver and never taken from the payload
 */
public record CustomerEvent(
        int schemaVersion,
        String eventId,
        String userId,
        EventType type,
        Instant occurredAt,
        Instant receivedAt,
        String source,
        Product product,
        Order order,
        PriceDrop priceDrop,
        String text,
        Channel channel,
        String messageId,
        Campaign campaign) {

    public static final int SCHEMA_VERSION = 1;
    /** Posted by a shopper's browser: anyone on the internet can write anything here. */
    public static final String SOURCE_STOREFRONT = "storefront";
    /** Sent by the store's server through the batch API with its key. */
    public static final String SOURCE_BATCH = "batch";
    /** An order the shop placed server-side, priced from the catalog. */
    public static final String SOURCE_CHECKOUT = "checkout";

    /**
     * Whether the store's server vouches for the event: only such orders count for conversions,
     * revenue and uplift, since a browser can claim any total and any message.
     */
    public boolean fromServer() {
        return SOURCE_BATCH.equals(source) || SOURCE_CHECKOUT.equals(source);
    }

    /** An order or a checkout in progress. */
    public record Order(String orderId, BigDecimal total, String currency, List<Product> products, String utmMessageId) {
    }

    /** A product's price change. */
    public record PriceDrop(String productId, String name, BigDecimal oldPrice, BigDecimal newPrice, String currency,
                            String imageUrl, String url) {
    }

    /** The UTM parameters the visit arrived with. */
    public record Campaign(String source, String medium, String name, String content, String messageId) {
    }
}
