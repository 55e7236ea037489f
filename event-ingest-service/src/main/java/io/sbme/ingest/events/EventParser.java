package io.sbme.ingest.events;

import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.ContractViolation;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Product;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;

/**
 * Turns one incoming event (our API shape or Segment's envelope) into a {@link CustomerEvent}, or
 * says in one sentence why it cannot. Pure: no I/O, time from the given {@link Clock}.
 *
 * <p>Bounds: every string at most {@value #MAX_STRING} characters, support text at most
 * {@value #MAX_TEXT}, at most {@value #MAX_PRODUCTS} products per order; prices and totals as
 * {@link ContractBounds#money} allows (never negative, at most 12 integer digits and 4 decimals, no
 * large exponent); quantity 1..{@value #MAX_QUANTITY}; and whatever else the contract bounds, so
 * that every event accepted here is readable by every stage.
 */
final class EventParser {

    static final int MAX_STRING = ContractBounds.MAX_NAME;
    static final int MAX_TEXT = ContractBounds.MAX_TEXT;
    static final int MAX_PRODUCTS = ContractBounds.MAX_ITEMS;
    static final int MAX_QUANTITY = ContractBounds.MAX_QUANTITY;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@\\-]{1,200}");
    private static final Pattern ABSOLUTE_URL = Pattern.compile("(?i)https?://[^\\s]+");
    // Seven or more digits, possibly split by spaces, dots or dashes: a phone number must never reach Kafka.
    private static final Pattern PHONE_LIKE = Pattern.compile("\\+?\\d(?:[\\s.\\-()]*\\d){6,}");

    private final Clock clock;

    EventParser(Clock clock) {
        this.clock = clock;
    }

    /** The outcome for one event. */
    sealed interface Parsed permits Accepted, Rejected {
    }

    record Accepted(CustomerEvent event) implements Parsed {
    }

    record Rejected(String detail) implements Parsed {
    }

    /**
     * Parses an event sent by a storefront user: the user id is the caller's, whatever the body says.
     * A price drop is a catalog fact that messages every recent viewer, so only server sources
     * (the batch endpoint, with an API key) may report one.
     */
    Parsed parseForUser(JsonNode body, String userId) {
        Parsed parsed = parse(body, userId, "storefront");
        if (parsed instanceof Accepted(CustomerEvent event) && event.type() == EventType.PRICE_DROP) {
            return new Rejected("price_drop is reported by server sources through /api/v1/events/batch, not by shoppers");
        }
        return parsed;
    }

    /** Parses an event of a server source: the user is {@code userId} or Segment's {@code anonymousId}. */
    Parsed parseFromSource(JsonNode body) {
        if (body == null || !body.isObject()) {
            return new Rejected("each event must be a JSON object");
        }
        String userId;
        try {
            userId = text(body, "userId");
            if (userId == null) {
                userId = text(body, "anonymousId");
            }
        } catch (Invalid e) {
            return new Rejected(e.getMessage());
        }
        if (userId == null || !ID.matcher(userId).matches()) {
            return new Rejected("userId (or anonymousId) is required: 1-200 characters of letters, digits and ._:@-");
        }
        return parse(body, userId, "batch");
    }

    private Parsed parse(JsonNode body, String userId, String source) {
        try {
            if (body == null || !body.isObject()) {
                throw new Invalid("the event must be a JSON object");
            }
            // Segment's own calls say {"type":"track","event":"Product Added"}; ours say {"type":"add_to_cart"}.
            String typeName = text(body, "type");
            if (typeName == null || "track".equalsIgnoreCase(typeName)) {
                typeName = text(body, "event");
            }
            EventType type = EventType.parse(typeName).filter(t -> t != EventType.MESSAGE_CLICKED)
                    .orElseThrow(() -> new Invalid("type must be one of view_product, add_to_cart, remove_from_cart, "
                            + "checkout_started, order_completed, price_drop, support_message (or the Segment names)"));
            String eventId = text(body, "eventId");
            if (eventId == null) {
                eventId = text(body, "messageId");
            }
            if (eventId == null) {
                eventId = UUID.randomUUID().toString();
            } else if (!ID.matcher(eventId).matches()) {
                throw new Invalid("eventId must be 1-200 characters of letters, digits and ._:@-");
            }
            Instant now = clock.instant();
            Instant occurredAt = timestamp(body, now);
            JsonNode props = body.path("properties");
            if (!props.isMissingNode() && !props.isNull() && !props.isObject()) {
                throw new Invalid("properties must be an object");
            }
            CustomerEvent.Campaign campaign = campaign(body.path("context").path("campaign"), props);
            Product product = null;
            CustomerEvent.Order order = null;
            CustomerEvent.PriceDrop priceDrop = null;
            String text = null;
            String messageId = campaign == null ? null : campaign.messageId();
            switch (type) {
                case VIEW_PRODUCT, ADD_TO_CART, REMOVE_FROM_CART -> product = product(props, "properties");
                case CHECKOUT_STARTED, ORDER_COMPLETED -> {
                    order = order(props, type == EventType.ORDER_COMPLETED);
                    if (order.utmMessageId() != null) {
                        messageId = order.utmMessageId();
                    }
                }
                case PRICE_DROP -> priceDrop = priceDrop(props);
                case SUPPORT_MESSAGE -> text = supportText(props);
                default -> throw new Invalid("unsupported type " + type.wireName());
            }
            // The rules above name the API's fields; this catches anything else the contract bounds.
            return new Accepted(ContractBounds.check(new CustomerEvent(CustomerEvent.SCHEMA_VERSION, eventId, userId,
                    type, occurredAt, now, source, product, order, priceDrop, text, null, messageId, campaign)));
        } catch (Invalid | ContractViolation e) {
            return new Rejected(e.getMessage());
        }
    }

    private static Instant timestamp(JsonNode body, Instant now) {
        String value = text(body, "timestamp");
        if (value == null) {
            return now;
        }
        Instant at;
        try {
            at = Instant.parse(value);
        } catch (DateTimeParseException e) {
            try {
                at = java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException again) {
                throw new Invalid("timestamp must be an ISO-8601 instant, e.g. 2026-11-24T09:15:00Z");
            }
        }
        return ContractBounds.instant("timestamp", at);
    }

    private static CustomerEvent.Campaign campaign(JsonNode campaign, JsonNode props) {
        String utmMessageId = optionalId(props, "utm_message_id");
        if (!campaign.isObject() && utmMessageId == null) {
            return null;
        }
        String messageId = utmMessageId != null ? utmMessageId : optionalId(campaign, "message_id");
        return new CustomerEvent.Campaign(bounded(campaign, "source"), bounded(campaign, "medium"),
                bounded(campaign, "name"), bounded(campaign, "content"), messageId);
    }

    private static Product product(JsonNode props, String where) {
        if (!props.isObject()) {
            throw new Invalid(where + " must carry product_id");
        }
        String productId = optionalId(props, "product_id");
        if (productId == null) {
            productId = optionalId(props, "sku");
        }
        if (productId == null) {
            throw new Invalid(where + ".product_id is required");
        }
        BigDecimal price = amount(props, "price", where);
        String currency = currency(props, where);
        Integer quantity = quantity(props, where);
        return new Product(productId, bounded(props, "sku"), bounded(props, "name"), price, currency, quantity,
                link(props, "image_url", where), link(props, "url", where));
    }

    private static CustomerEvent.Order order(JsonNode props, boolean completed) {
        JsonNode p = props.isObject() ? props : tools.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        String orderId = optionalId(p, "order_id");
        if (orderId == null) {
            orderId = optionalId(p, "checkout_id");
        }
        if (completed && orderId == null) {
            throw new Invalid("properties.order_id is required for order_completed");
        }
        List<Product> products = new ArrayList<>();
        JsonNode list = p.path("products");
        if (!list.isMissingNode() && !list.isNull()) {
            if (!list.isArray()) {
                throw new Invalid("properties.products must be an array");
            }
            if (list.size() > MAX_PRODUCTS) {
                throw new Invalid("properties.products may hold at most " + MAX_PRODUCTS + " products");
            }
            for (int i = 0; i < list.size(); i++) {
                products.add(product(list.get(i), "properties.products[" + i + "]"));
            }
        }
        BigDecimal total = amount(p, "total", "properties");
        if (total == null) {
            total = amount(p, "revenue", "properties");
        }
        return new CustomerEvent.Order(orderId, total, currency(p, "properties"), List.copyOf(products),
                optionalId(p, "utm_message_id"));
    }

    private static CustomerEvent.PriceDrop priceDrop(JsonNode props) {
        if (!props.isObject()) {
            throw new Invalid("properties with product_id, old_price and new_price are required for price_drop");
        }
        String productId = optionalId(props, "product_id");
        BigDecimal oldPrice = amount(props, "old_price", "properties");
        BigDecimal newPrice = amount(props, "new_price", "properties");
        if (productId == null || oldPrice == null || newPrice == null) {
            throw new Invalid("price_drop needs properties.product_id, old_price and new_price");
        }
        return new CustomerEvent.PriceDrop(productId, bounded(props, "name"), oldPrice, newPrice,
                currency(props, "properties"), link(props, "image_url", "properties"), link(props, "url", "properties"));
    }

    private static String supportText(JsonNode props) {
        JsonNode node = props.path("text");
        if (!node.isString() || node.stringValue().isBlank()) {
            throw new Invalid("properties.text is required for support_message");
        }
        String text = node.stringValue().strip();
        if (text.length() > MAX_TEXT) {
            throw new Invalid("properties.text may have at most " + MAX_TEXT + " characters");
        }
        return PHONE_LIKE.matcher(text).replaceAll("•••");
    }

    private static BigDecimal amount(JsonNode props, String field, String where) {
        JsonNode node = props.path(field);
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        String name = where + "." + field;
        if (node.isNumber()) {
            // A JSON number too large for a double (1e999999999) arrives as infinity: refused, not converted.
            if (node.isFloatingPointNumber() && !node.isBigDecimal() && !Double.isFinite(node.doubleValue())) {
                throw new Invalid(name + " must be a finite number of at most " + ContractBounds.MONEY_INTEGER_DIGITS
                        + " integer digits and " + ContractBounds.MONEY_DECIMALS + " decimal places");
            }
            return ContractBounds.money(name, node.decimalValue());
        }
        if (node.isString()) {
            return ContractBounds.money(name, node.stringValue());
        }
        throw new Invalid(name + " must be a number");
    }

    private static Integer quantity(JsonNode props, String where) {
        JsonNode node = props.path("quantity");
        if (node.isMissingNode() || node.isNull()) {
            return 1;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.intValue() < 1 || node.intValue() > MAX_QUANTITY) {
            throw new Invalid(where + ".quantity must be a whole number from 1 to " + MAX_QUANTITY);
        }
        return node.intValue();
    }

    private static String currency(JsonNode props, String where) {
        String code = text(props, "currency");
        if (code == null) {
            return null;
        }
        String upper = code.toUpperCase(Locale.ROOT);
        try {
            if (upper.length() == 3) {
                Currency.getInstance(upper);
                return upper;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal below
        }
        throw new Invalid(where + ".currency must be an ISO 4217 code such as INR or USD, was '" + ContractBounds.cut(code) + "'");
    }

    private static String link(JsonNode props, String field, String where) {
        String value = bounded(props, field);
        if (value == null) {
            return null;
        }
        boolean relative = value.startsWith("/") && !value.startsWith("//");
        if (!relative && !ABSOLUTE_URL.matcher(value).matches()) {
            throw new Invalid(where + "." + field + " must be a relative path or an http(s) URL");
        }
        return value;
    }

    private static String optionalId(JsonNode props, String field) {
        String value = text(props, field);
        if (value == null) {
            return null;
        }
        if (!ID.matcher(value).matches()) {
            throw new Invalid(field + " must be 1-200 characters of letters, digits and ._:@-");
        }
        return value;
    }

    private static String bounded(JsonNode props, String field) {
        String value = text(props, field);
        if (value != null && value.length() > MAX_STRING) {
            throw new Invalid(field + " may have at most " + MAX_STRING + " characters");
        }
        return value;
    }

    /** A non-blank string member (numbers are taken as their text, ids are often numeric), else null. */
    private static String text(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (value.isString()) {
            String s = value.stringValue().trim();
            return s.isEmpty() ? null : s;
        }
        if (value.isIntegralNumber()) {
            return value.asString();
        }
        if (value.isMissingNode() || value.isNull()) {
            return null;
        }
        throw new Invalid(field + " must be a string");
    }

    /** A refusal carrying the sentence for the caller. */
    private static final class Invalid extends RuntimeException {
        Invalid(String detail) {
            super(detail, null, false, false);
        }
    }
}
