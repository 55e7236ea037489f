package io.sbme.decision;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Product;
import io.sbme.contracts.Topics;
import io.sbme.decision.abandonedcart.AbandonedCartTimer;
import io.sbme.decision.browse.BrowseTimer;
import io.sbme.decision.browse.ViewStore;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.cart.CartStore;
import io.sbme.decision.checkoutrescue.CheckoutRescueTimer;
import io.sbme.decision.pricedrop.PriceDrops;
import io.sbme.decision.support.SupportFlow;
import io.sbme.support.catalog.CatalogView;
import io.sbme.support.outage.Outages;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Reads {@code customer-events}: keeps carts and views up to date, starts, moves and cancels the
 * flows' durable timers, and decides at once for price drops and support messages. Idempotent on
 * {@code eventId} ({@code dec:evt:<eventId>}, 7 days), so a redelivered event changes nothing.
 *
 * <p>A viewed or carted product counts as the catalog has it, never as the event describes it: the
 * event comes from a browser, so its name, image and price are whatever the sender chose. A product
 * the catalog does not sell stays in {@code customer-events} for analytics and starts no flow.
 */
@Component
class CustomerEventStage {

    private static final Logger log = LoggerFactory.getLogger(CustomerEventStage.class);
    static final String LISTENER = "decision-events";
    private static final Duration REMEMBER = Duration.ofDays(7);
    static final String SUPPORT_ACK = "dec:supportack:";
    private static final Duration SUPPORT_ACK_WINDOW = Duration.ofMinutes(10);

    private final CartStore carts;
    private final ViewStore views;
    private final AbandonedCartTimer abandonedCart;
    private final CheckoutRescueTimer checkoutRescue;
    private final BrowseTimer browse;
    private final PriceDrops priceDrops;
    private final DecisionEngine engine;
    private final StringRedisTemplate redis;
    private final KafkaTemplate<String, Object> kafka;
    private final Clock clock;
    private final CatalogView catalog;
    private final MeterRegistry meters;
    private final Outages outages;

    CustomerEventStage(CartStore carts, ViewStore views, AbandonedCartTimer abandonedCart,
                       CheckoutRescueTimer checkoutRescue, BrowseTimer browse, PriceDrops priceDrops,
                       DecisionEngine engine, StringRedisTemplate redis, KafkaTemplate<String, Object> kafka,
                       Clock clock, CatalogView catalog, MeterRegistry meters, Outages outages) {
        this.outages = outages;
        this.catalog = catalog;
        this.meters = meters;
        this.carts = carts;
        this.views = views;
        this.abandonedCart = abandonedCart;
        this.checkoutRescue = checkoutRescue;
        this.browse = browse;
        this.priceDrops = priceDrops;
        this.engine = engine;
        this.redis = redis;
        this.kafka = kafka;
        this.clock = clock;
    }

    // Not in a read-process-write transaction (see DecisionConfiguration#eventsContainerFactory):
    // what one event publishes commits together in a producer transaction of its own.
    // One consumer per partition (events are keyed by user, so each user's events stay in order): a
    // single consumer spends most of its time waiting on Redis round trips, not on CPU, and fell
    // behind the storefront at ~550 events/s (docs/benchmarks.md).
    // While Redis is down the event in hand waits and the listener pauses (DecisionConfiguration);
    // without that, a few quick retries would dead-letter every event of the outage.
    @KafkaListener(id = LISTENER, topics = Topics.CUSTOMER_EVENTS, groupId = "decision-service-events",
            containerFactory = "eventsContainerFactory", concurrency = "${decision.events-concurrency:3}")
    void on(CustomerEvent event) {
        if (event == null || event.userId() == null || event.type() == null) {
            return;
        }
        outages.holdThrough(() -> decide(event));
    }

    private void decide(CustomerEvent event) {
        String seenKey = "dec:evt:" + event.eventId();
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(seenKey, "1", REMEMBER))) {
            return;
        }
        try {
            // A transaction that sends nothing never reaches the broker, so views and carts cost nothing here.
            kafka.executeInTransaction(operations -> {
                handle(event, clock.instant());
                return null;
            });
        } catch (RuntimeException e) {
            // Let the retry (and finally the dead letter) see the event again.
            redis.delete(seenKey);
            throw e;
        }
    }

    private void handle(CustomerEvent received, Instant now) {
        String userId = received.userId();
        CustomerEvent event = received;
        if (received.product() != null && (received.type() == EventType.VIEW_PRODUCT
                || received.type() == EventType.ADD_TO_CART)) {
            Optional<Product> known = catalog.priced(received.product());
            if (known.isEmpty()) {
                log.info("event {}: product {} is not in the catalog; kept for analytics, no flow starts",
                        received.eventId(), received.product().productId());
                meters.counter("sbme.decision.unknown_products", "type", received.type().wireName()).increment();
                return;
            }
            event = withProduct(received, known.get());
        }
        switch (event.type()) {
            case VIEW_PRODUCT -> {
                if (event.product() != null) {
                    var recent = views.view(userId, event.product(), now);
                    browse.onView(userId, event.product(), recent, event.eventId(), now);
                }
            }
            case ADD_TO_CART, REMOVE_FROM_CART -> {
                Cart cart = carts.of(userId).apply(event, now);
                carts.save(userId, cart);
                if (event.product() != null && event.type() == EventType.ADD_TO_CART) {
                    views.seen(userId, event.product(), now);
                    browse.onCarted(userId, event.product().productId());
                }
                if (cart.isEmpty()) {
                    abandonedCart.cancel(userId);
                    checkoutRescue.cancel(userId);
                } else {
                    abandonedCart.restart(userId, cart, event.eventId(), now);
                }
            }
            case CHECKOUT_STARTED -> {
                Cart cart = carts.of(userId).apply(event, now);
                carts.save(userId, cart);
                abandonedCart.cancel(userId);
                if (!cart.isEmpty()) {
                    checkoutRescue.start(userId, cart, event.eventId(), now);
                }
            }
            case ORDER_COMPLETED -> {
                carts.save(userId, Cart.empty());
                abandonedCart.cancel(userId);
                checkoutRescue.cancel(userId);
            }
            case PRICE_DROP -> {
                if (event.priceDrop() != null) {
                    priceDrops.on(event, now);
                }
            }
            case SUPPORT_MESSAGE -> {
                var candidate = SupportFlow.candidate(event);
                String decisionId = Ids.derived("d-", event.eventId(), "support");
                // Replies are exempt from marketing caps, so one acknowledgement per window keeps a
                // chatty (or scripted) shopper from turning support into a message cannon.
                if (Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(SUPPORT_ACK + userId, "1", SUPPORT_ACK_WINDOW))) {
                    engine.decide(candidate, Decider.Options.AUTOMATIC, decisionId);
                } else {
                    engine.suppress(candidate, decisionId, "recently_acknowledged", "Already acknowledged a support "
                            + "message in the last " + SUPPORT_ACK_WINDOW.toMinutes() + " min.");
                }
            }
            default -> {
                // clicks and unknown types do not drive any flow
            }
        }
    }

    private static CustomerEvent withProduct(CustomerEvent e, Product product) {
        return new CustomerEvent(e.schemaVersion(), e.eventId(), e.userId(), e.type(), e.occurredAt(), e.receivedAt(),
                e.source(), product, e.order(), e.priceDrop(), e.text(), e.channel(), e.messageId(), e.campaign());
    }
}
