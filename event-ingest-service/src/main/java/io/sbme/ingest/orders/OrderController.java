package io.sbme.ingest.orders;

import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.ingest.events.EventIngestion;
import io.sbme.support.catalog.CatalogView;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/v1/me/orders}: the shop's checkout. The shopper names products and quantities;
 * the server prices them from the catalog and records {@code order_completed} as a server-sourced
 * order ({@link CustomerEvent#SOURCE_CHECKOUT}), the kind that counts for conversions and revenue.
 * Idempotent on the order id: a retried checkout is the same order.
 */
@RestController
@RequestMapping("/api/v1/me/orders")
class OrderController {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:@\\-]{1,100}");

    private final CatalogView catalog;
    private final EventIngestion ingestion;
    private final Clock clock;

    OrderController(CatalogView catalog, EventIngestion ingestion, Clock clock) {
        this.catalog = catalog;
        this.ingestion = ingestion;
        this.clock = clock;
    }

    /** An order as the shop places it: which products, how many, and the message the visit came from. */
    record PlaceOrder(String orderId, List<OrderPricing.Item> items, String utmMessageId) {
    }

    /** The order as the server priced it. */
    record Placed(String orderId, List<Line> lines, BigDecimal total, String currency, boolean duplicate) {
    }

    /** One priced line. */
    record Line(String productId, String name, int quantity, BigDecimal price, BigDecimal total) {
    }

    @PostMapping
    ResponseEntity<Placed> place(Caller caller, @RequestBody(required = false) PlaceOrder body) {
        if (caller.role() != Caller.Role.SHOPPER) {
            throw ApiProblem.forbidden("Orders are placed by a storefront user; the store's server sends its orders "
                    + "to /api/v1/events/batch.");
        }
        if (body == null) {
            throw ApiProblem.badRequest("The body must be {\"orderId\":\"...\",\"items\":[{\"productId\":\"...\",\"quantity\":1}]}.");
        }
        String orderId = body.orderId() == null || body.orderId().isBlank()
                ? "ord-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12) : body.orderId();
        if (!ID.matcher(orderId).matches()) {
            throw ApiProblem.badRequest("orderId must be 1-100 characters of letters, digits and ._:@-");
        }
        String utm = body.utmMessageId() == null || body.utmMessageId().isBlank() ? null : body.utmMessageId();
        if (utm != null && !ID.matcher(utm).matches()) {
            throw ApiProblem.badRequest("utmMessageId must be 1-100 characters of letters, digits and ._:@-");
        }
        OrderPricing.Priced priced;
        try {
            priced = OrderPricing.price(body.items(), catalog::find);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        Instant now = clock.instant();
        // The id names the buyer too, so one shopper's order id can never shadow another's order.
        String eventId = "order:" + caller.subject() + ":" + orderId;
        CustomerEvent event = new CustomerEvent(CustomerEvent.SCHEMA_VERSION, eventId.length() <= 200 ? eventId
                : "order:" + UUID.nameUUIDFromBytes(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                caller.subject(), EventType.ORDER_COMPLETED, now, now, CustomerEvent.SOURCE_CHECKOUT, null,
                new CustomerEvent.Order(orderId, priced.total(), priced.currency(), priced.lines(), utm), null, null,
                null, utm, null);
        boolean duplicate = ingestion.store(List.of(event))[0];
        List<Line> lines = priced.lines().stream()
                .map(p -> new Line(p.productId(), p.name(), p.quantity(), p.price(), p.lineValue())).toList();
        return ResponseEntity.status(duplicate ? 200 : 201)
                .body(new Placed(orderId, lines, priced.total(), priced.currency(), duplicate));
    }
}
