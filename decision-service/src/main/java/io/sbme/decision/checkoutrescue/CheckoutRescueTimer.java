package io.sbme.decision.checkoutrescue;

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

/** The durable timer {@code checkout_rescue:<userId>} started by {@code checkout_started}, cancelled by the order. */
@Component
public class CheckoutRescueTimer implements TimerHandler {

    public static final String KIND = "checkout_rescue";

    private final TimerStore timers;
    private final CartStore carts;
    private final DecisionEngine engine;
    private final DecisionProperties properties;

    CheckoutRescueTimer(TimerStore timers, CartStore carts, DecisionEngine engine, DecisionProperties properties) {
        this.timers = timers;
        this.carts = carts;
        this.engine = engine;
        this.properties = properties;
    }

    public static String timerId(String userId) {
        return KIND + ":" + userId;
    }

    public void start(String userId, Cart cart, String eventId, Instant now) {
        Candidate marker = new Candidate(Flow.CHECKOUT_RESCUE, userId, eventId, cart.cartId(), null, null,
                "checkout_abandoned", "checkout pending", true, "timer", null, null);
        timers.schedule(new TimerStore.Timer(timerId(userId), KIND, userId,
                now.plus(properties.active().checkoutRescueDelay()),
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
        CheckoutRescueFlow.evaluate(timer.userId(), carts.of(timer.userId()), properties, now,
                        deferred.candidate().eventId())
                .ifPresent(candidate -> engine.decide(candidate, Decider.Options.AUTOMATIC,
                        Ids.derived("d-", timer.id(), timer.dueAt().toString())));
    }
}
