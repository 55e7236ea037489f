package io.sbme.contracts;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The bounds every value of a contract record stays within, checked where a value enters (the
 * APIs) and again whenever a record is read ({@link ContractJson#read}), so that a record outside
 * them is unreadable whoever wrote it. Pure: a check either returns or throws a
 * {@link ContractViolation} naming the field.
 *
 * <p>Money is a decimal of at most {@value #MONEY_INTEGER_DIGITS} integer digits and
 * {@value #MONEY_DECIMALS} decimal places, never negative. Its shape is judged from
 * {@link BigDecimal#precision()} and {@link BigDecimal#scale()} before anything else, so an exponent
 * form such as {@code 1e999999999} is refused without ever being expanded.
 */
public final class ContractBounds {

    /** Ids: event, user, message, order, product ids and the like. */
    public static final int MAX_ID = 200;
    /** Names and short codes: product names, SKUs, currencies, reasons, variants. */
    public static final int MAX_NAME = 200;
    /** Links: image, product, tracking and call-to-action URLs. */
    public static final int MAX_URL = 2048;
    /** What a customer wrote (a support message). */
    public static final int MAX_TEXT = 1000;
    /** Text the product writes: rendered messages, explanations, audit details. */
    public static final int MAX_MESSAGE = 4096;
    /** Products per order, channels per plan, entries per map. */
    public static final int MAX_ITEMS = 100;
    /** Units of one product in one cart line. */
    public static final int MAX_QUANTITY = 10_000;
    public static final int MONEY_INTEGER_DIGITS = 12;
    public static final int MONEY_DECIMALS = 4;
    /** The longest time a message waits for delivery before falling back: 30 days. */
    public static final long MAX_DELIVERY_TTL_SECONDS = 30L * 24 * 3600;
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");
    /** The most characters of an offending value a refusal shows. */
    public static final int MAX_SHOWN = 32;

    // A decimal written with more characters than this cannot be a bounded amount (digits, point,
    // trailing zeros and a small exponent included); it is refused before it is parsed.
    private static final int MAX_MONEY_TEXT = 40;
    // Precision and scale beyond these are refused before stripTrailingZeros, which then stays cheap.
    private static final int MAX_MONEY_PRECISION = 40;
    private static final int MAX_MONEY_SCALE = 40;
    // Free-form maps (a WhatsApp request body) are walked at most this deep and this wide.
    private static final int MAX_DEPTH = 16;
    private static final int MAX_NODES = 1000;
    private static final String MONEY_RULE = "must be a decimal of at most " + MONEY_INTEGER_DIGITS
            + " integer digits and " + MONEY_DECIMALS + " decimal places";

    private ContractBounds() {
    }

    /**
     * Checks an amount of money; null (absent) passes. Returns it in plain form: trailing zeros
     * beyond {@value #MONEY_DECIMALS} places dropped and no negative scale ({@code 1E+3} is 1000).
     */
    public static BigDecimal money(String field, BigDecimal value) {
        return value == null ? null : money(field, value, value);
    }

    /** Checks an amount; a refusal shows {@code shown}, the value as the caller wrote it. */
    private static BigDecimal money(String field, BigDecimal value, Object shown) {
        if (value.signum() < 0) {
            throw new ContractViolation(field, "must not be negative", shown);
        }
        // Shape first: 1e999999999 has precision 1 and scale -999999999, 1e-999999999 the opposite sign.
        int scale = value.scale();
        if (value.precision() > MAX_MONEY_PRECISION || scale > MAX_MONEY_SCALE || scale < -MONEY_INTEGER_DIGITS) {
            throw new ContractViolation(field, MONEY_RULE, shown);
        }
        BigDecimal stripped = value.stripTrailingZeros();
        if (stripped.scale() > MONEY_DECIMALS || (long) stripped.precision() - stripped.scale() > MONEY_INTEGER_DIGITS) {
            throw new ContractViolation(field, MONEY_RULE, shown);
        }
        BigDecimal result = scale >= 0 && scale <= MONEY_DECIMALS ? value : stripped;
        return result.scale() < 0 ? result.setScale(0) : result;
    }

    /** Parses and checks an amount written as text, e.g. {@code "2499.00"}; null passes. */
    public static BigDecimal money(String field, String text) {
        if (text == null) {
            return null;
        }
        String trimmed = text.strip();
        if (trimmed.length() > MAX_MONEY_TEXT) {
            throw new ContractViolation(field, MONEY_RULE, trimmed);
        }
        BigDecimal value;
        try {
            value = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw new ContractViolation(field, "must be a number", trimmed);
        }
        return money(field, value, trimmed);
    }

    /** A quantity from 1 to {@code max}; null (one) passes. */
    public static Integer quantity(String field, Integer value, int max) {
        if (value != null && (value < 1 || value > max)) {
            throw new ContractViolation(field, "must be a whole number from 1 to " + max, value);
        }
        return value;
    }

    /** A whole number from {@code min} to {@code max}. */
    public static long range(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ContractViolation(field, "must be from " + min + " to " + max, value);
        }
        return value;
    }

    public static String id(String field, String value) {
        return length(field, value, MAX_ID);
    }

    public static String name(String field, String value) {
        return length(field, value, MAX_NAME);
    }

    public static String url(String field, String value) {
        return length(field, value, MAX_URL);
    }

    public static String text(String field, String value) {
        return length(field, value, MAX_TEXT);
    }

    public static String message(String field, String value) {
        return length(field, value, MAX_MESSAGE);
    }

    /** A string of at most {@code max} characters; null passes. */
    public static String length(String field, String value, int max) {
        if (value != null && value.length() > max) {
            throw new ContractViolation(field, "may have at most " + max + " characters", value);
        }
        return value;
    }

    /** A list or set of at most {@code max} elements; null passes. */
    public static <C extends Collection<?>> C items(String field, C values, int max) {
        if (values != null && values.size() > max) {
            throw new ContractViolation(field, "may hold at most " + max + " items", values.size() + " items");
        }
        return values;
    }

    /** An instant from {@link #EARLIEST} to {@link #LATEST}; null passes. */
    public static Instant instant(String field, Instant value) {
        if (value != null && (value.isBefore(EARLIEST) || value.isAfter(LATEST))) {
            throw new ContractViolation(field, "must be between " + EARLIEST + " and " + LATEST, value);
        }
        return value;
    }

    /**
     * A value as a refusal may show it: at most {@value #MAX_SHOWN} characters, control characters
     * replaced. A decimal is shown in its own (scientific) form, never expanded.
     */
    public static String cut(Object value) {
        String text;
        if (value instanceof BigDecimal decimal) {
            // toString keeps 1E+999999999 short; a long run of digits is only counted.
            text = decimal.precision() > MAX_SHOWN ? decimal.precision() + " digits" : decimal.toString();
        } else {
            text = String.valueOf(value);
        }
        String shown = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "…" : text;
        return shown.replaceAll("\\p{Cntrl}", "?");
    }

    /**
     * Checks every value of a contract record against these bounds and returns it; values of other
     * types pass unchecked.
     */
    public static <T> T check(T record) {
        switch (record) {
            case CustomerEvent e -> customerEvent(e);
            case Decision d -> decision(d);
            case MessageComposed m -> messageComposed(m);
            case DispatchResult r -> dispatchResult(r);
            case TrackingEvent t -> trackingEvent(t);
            case ConsentState c -> consentState(c);
            case PrivacyRequest p -> privacyRequest(p);
            case PrivacyAck a -> privacyAck(a);
            case AuditEntry a -> auditEntry(a);
            case ChannelControl c -> channelControl(c);
            case Product p -> product("", p);
            case null, default -> {
            }
        }
        return record;
    }

    private static void customerEvent(CustomerEvent e) {
        id("eventId", e.eventId());
        id("userId", e.userId());
        instant("occurredAt", e.occurredAt());
        instant("receivedAt", e.receivedAt());
        name("source", e.source());
        product("product.", e.product());
        if (e.order() != null) {
            CustomerEvent.Order o = e.order();
            id("order.orderId", o.orderId());
            money("order.total", o.total());
            name("order.currency", o.currency());
            items("order.products", o.products(), MAX_ITEMS);
            if (o.products() != null) {
                for (int i = 0; i < o.products().size(); i++) {
                    product("order.products[" + i + "].", o.products().get(i));
                }
            }
            id("order.utmMessageId", o.utmMessageId());
        }
        if (e.priceDrop() != null) {
            CustomerEvent.PriceDrop p = e.priceDrop();
            id("priceDrop.productId", p.productId());
            name("priceDrop.name", p.name());
            money("priceDrop.oldPrice", p.oldPrice());
            money("priceDrop.newPrice", p.newPrice());
            name("priceDrop.currency", p.currency());
            url("priceDrop.imageUrl", p.imageUrl());
            url("priceDrop.url", p.url());
        }
        text("text", e.text());
        id("messageId", e.messageId());
        if (e.campaign() != null) {
            CustomerEvent.Campaign c = e.campaign();
            name("campaign.source", c.source());
            name("campaign.medium", c.medium());
            name("campaign.name", c.name());
            name("campaign.content", c.content());
            id("campaign.messageId", c.messageId());
        }
    }

    private static void product(String prefix, Product p) {
        if (p == null) {
            return;
        }
        id(prefix + "productId", p.productId());
        name(prefix + "sku", p.sku());
        name(prefix + "name", p.name());
        money(prefix + "price", p.price());
        name(prefix + "currency", p.currency());
        quantity(prefix + "quantity", p.quantity(), MAX_QUANTITY);
        url(prefix + "imageUrl", p.imageUrl());
        url(prefix + "url", p.url());
    }

    private static void decision(Decision d) {
        id("decisionId", d.decisionId());
        id("messageId", d.messageId());
        id("eventId", d.eventId());
        id("userId", d.userId());
        name("reason", d.reason());
        message("explanation", d.explanation());
        product("product.", d.product());
        if (d.discountPercent() != null) {
            range("discountPercent", d.discountPercent(), 0, 100);
        }
        id("templateId", d.templateId());
        name("variant", d.variant());
        name("experimentArm", d.experimentArm());
        items("channelPlan", d.channelPlan(), MAX_ITEMS);
        url("ctaUrl", d.ctaUrl());
        name("trigger", d.trigger());
        range("deliveryTtlSeconds", d.deliveryTtlSeconds(), 0, MAX_DELIVERY_TTL_SECONDS);
        instant("notBefore", d.notBefore());
        instant("decidedAt", d.decidedAt());
    }

    private static void messageComposed(MessageComposed m) {
        id("messageId", m.messageId());
        id("decisionId", m.decisionId());
        id("userId", m.userId());
        name("variant", m.variant());
        name("experimentArm", m.experimentArm());
        id("templateId", m.templateId());
        range("templateVersion", m.templateVersion(), 0, Integer.MAX_VALUE);
        items("channelPlan", m.channelPlan(), MAX_ITEMS);
        if (m.whatsapp() != null) {
            tree("whatsapp.template", m.whatsapp().template());
            tree("whatsapp.interactive", m.whatsapp().interactive());
            MessageComposed.Card c = m.whatsapp().card();
            if (c != null) {
                url("whatsapp.card.imageUrl", c.imageUrl());
                message("whatsapp.card.header", c.header());
                message("whatsapp.card.body", c.body());
                message("whatsapp.card.footer", c.footer());
                message("whatsapp.card.ctaLabel", c.ctaLabel());
                url("whatsapp.card.ctaUrl", c.ctaUrl());
            }
        }
        if (m.sms() != null) {
            message("sms.text", m.sms().text());
            name("sms.encoding", m.sms().encoding());
            range("sms.segments", m.sms().segments(), 0, MAX_MESSAGE);
            range("sms.characters", m.sms().characters(), 0, MAX_MESSAGE);
        }
        if (m.instagram() != null) {
            message("instagram.text", m.instagram().text());
            url("instagram.imageUrl", m.instagram().imageUrl());
            message("instagram.ctaLabel", m.instagram().ctaLabel());
            url("instagram.ctaUrl", m.instagram().ctaUrl());
        }
        url("trackingUrl", m.trackingUrl());
        url("destinationUrl", m.destinationUrl());
        product("product.", m.product());
        if (m.discountPercent() != null) {
            range("discountPercent", m.discountPercent(), 0, 100);
        }
        range("deliveryTtlSeconds", m.deliveryTtlSeconds(), 0, MAX_DELIVERY_TTL_SECONDS);
        instant("composedAt", m.composedAt());
    }

    private static void dispatchResult(DispatchResult r) {
        id("resultId", r.resultId());
        id("messageId", r.messageId());
        id("userId", r.userId());
        name("variant", r.variant());
        range("attempt", r.attempt(), 0, MAX_ITEMS * 10L);
        name("cause", r.cause());
        id("providerMessageId", r.providerMessageId());
        name("errorCode", r.errorCode());
        name("maskedPhone", r.maskedPhone());
        instant("at", r.at());
    }

    private static void trackingEvent(TrackingEvent t) {
        id("trackingId", t.trackingId());
        id("messageId", t.messageId());
        id("userId", t.userId());
        name("variant", t.variant());
        id("providerMessageId", t.providerMessageId());
        id("orderId", t.orderId());
        money("revenue", t.revenue());
        name("currency", t.currency());
        message("detail", t.detail());
        instant("at", t.at());
    }

    private static void consentState(ConsentState c) {
        id("userId", c.userId());
        range("version", c.version(), 0, Long.MAX_VALUE);
        name("maskedPhone", c.maskedPhone());
        name("regionCode", c.regionCode());
        name("timeZone", c.timeZone());
        name("change", c.change());
        instant("updatedAt", c.updatedAt());
    }

    private static void privacyRequest(PrivacyRequest p) {
        id("requestId", p.requestId());
        id("userId", p.userId());
        name("kind", p.kind());
        name("requestedBy", p.requestedBy());
        instant("requestedAt", p.requestedAt());
    }

    private static void privacyAck(PrivacyAck a) {
        id("requestId", a.requestId());
        name("service", a.service());
        range("erasedItems", a.erasedItems(), 0, Long.MAX_VALUE);
        instant("completedAt", a.completedAt());
    }

    private static void auditEntry(AuditEntry a) {
        id("entryId", a.entryId());
        name("service", a.service());
        name("actor", a.actor());
        name("action", a.action());
        message("subject", a.subject());
        name("outcome", a.outcome());
        if (a.details() != null) {
            items("details", a.details().entrySet(), MAX_ITEMS);
            a.details().forEach((k, v) -> {
                name("details key", k);
                message("details." + cut(k), v);
            });
        }
        instant("at", a.at());
        id("userId", a.userId());
    }

    private static void channelControl(ChannelControl c) {
        name("changedBy", c.changedBy());
        instant("changedAt", c.changedAt());
    }

    /** A free-form JSON object (a provider request body): bounded in depth, size and string length. */
    private static void tree(String field, Map<String, Object> tree) {
        if (tree != null) {
            walk(field, tree, 0, new int[1]);
        }
    }

    private static void walk(String field, Object node, int depth, int[] nodes) {
        if (++nodes[0] > MAX_NODES) {
            throw new ContractViolation(field, "may hold at most " + MAX_NODES + " values", null);
        }
        if (depth > MAX_DEPTH) {
            throw new ContractViolation(field, "may nest at most " + MAX_DEPTH + " levels", null);
        }
        switch (node) {
            case Map<?, ?> map -> {
                items(field, map.keySet(), MAX_ITEMS);
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    String key = String.valueOf(entry.getKey());
                    name(field + " key", key);
                    walk(field + "." + key, entry.getValue(), depth + 1, nodes);
                }
            }
            case List<?> list -> {
                items(field, list, MAX_ITEMS);
                for (int i = 0; i < list.size(); i++) {
                    walk(field + "[" + i + "]", list.get(i), depth + 1, nodes);
                }
            }
            case String s -> message(field, s);
            case BigDecimal d -> {
                if (d.precision() > MAX_MONEY_PRECISION || Math.abs((long) d.scale()) > MAX_MONEY_SCALE) {
                    throw new ContractViolation(field, "must be a plain number", d);
                }
            }
            case null, default -> {
                // Booleans and the bounded number types Jackson reads (int, long, double).
            }
        }
    }
}
