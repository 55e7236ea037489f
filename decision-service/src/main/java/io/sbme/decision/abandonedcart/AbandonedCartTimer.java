package io.sbme.decision.abandonedcart;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Flow;
import io.sbme.decision.Candidate;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Deferred;
import io.sbme.decision.Ids;
import io.sbme.decision.cart.Cart;
import io.sbme.decision.cart.CartStore;
import io.sbme.decision.timers.TimerHandler;
import io.sbme.decision.timers.TimerStore;
import java.time.Instant;
import org.springframework.stereotype.Component;

/**
 * Keeps one durable timer per user ({@code abandoned_cart:<userId>}) that every cart change moves
 * to "now + delay"; when it fires, the rule is evaluated on the cart as it is then.
 */
@Component
public class AbandonedCartTimer implements TimerHandler {

    public static final String KIND = "abandoned_cart";

    private final TimerStore timers;
    private final CartStore carts;
    private final DecisionEngine engine;
    private final DecisionProperties properties;

    AbandonedCartTimer(TimerStore timers, CartStore carts, DecisionEngine engine, DecisionProperties properties) {
        this.timers = timers;
        this.carts = carts;
        this.engine = engine;
        this.properties = properties;
    }

    public static String timerId(String userId) {
        return KIND + ":" + userId;
    }

    /** (Re)starts the idle countdown for a cart with items. */
    public void restart(String userId, Cart cart, String eventId, Instant now) {
        Candidate marker = new Candidate(Flow.ABANDONED_CART, userId, eventId, cart.cartId(), null, null,
                "cart_abandoned", "cart idle", true, "timer", null, null);
        timers.schedule(new TimerStore.Timer(timerId(userId), KIND, userId, now.plus(properties.active().abandonedCartDelay()),
                ContractJson.writeString(new Deferred(marker, Decider.Options.AUTOMATIC, null))));
    }

    public void cancel(String userId) {
        timers.cancel(timerId(userId));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(TimerStore.Timer timer, Instant now) {
        Deferred deferred = ContractJson.read(timer.payload(), Deferred.class);
        Cart cart = carts.of(timer.userId());
        // Exits (order, empty cart, checkout) cancel the timer; re-checking here covers a race with them.
        AbandonedCartFlow.evaluate(timer.userId(), cart, properties, now, false, deferred.candidate().eventId(), "timer")
                .ifPresent(candidate -> engine.decide(candidate, Decider.Options.AUTOMATIC,
                        Ids.derived("d-", timer.id(), timer.dueAt().toString())));
    }
}
