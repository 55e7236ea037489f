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
