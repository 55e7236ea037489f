package io.sbme.decision.browse;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Deferred;
import io.sbme.decision.Ids;
import io.sbme.decision.cart.CartStore;
import io.sbme.decision.timers.TimerHandler;
import io.sbme.decision.timers.TimerStore;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Starts {@code browse_abandonment:<userId>:<productId>} once a product was viewed often enough
 * without being carted; adding it to the cart cancels it.
 */
@Component
public class BrowseTimer implements TimerHandler {

    public static final String KIND = "browse_abandonment";

    private final TimerStore timers;
    private final CartStore carts;
    private final ViewStore views;
    private final DecisionEngine engine;
    private final DecisionProperties properties;

    BrowseTimer(TimerStore timers, CartStore carts, ViewStore views, DecisionEngine engine, DecisionProperties properties) {
        this.timers = timers;
        this.carts = carts;
        this.views = views;
        this.engine = engine;
        this.properties = properties;
    }

    static String timerId(String userId, String productId) {
        return KIND + ":" + userId + ":" + productId;
    }

    public void onView(String userId, Product product, List<BrowseFlow.View> recent, String eventId, Instant now) {
        if (BrowseFlow.interested(recent, () -> carts.of(userId), product.productId(), properties.browse(), now)) {
            Candidate marker = new Candidate(Flow.BROWSE_ABANDONMENT, userId, eventId, product.productId(), product, null,
                    "browse_abandoned", "viewed repeatedly", true, "timer", null, null);
            timers.scheduleIfAbsent(new TimerStore.Timer(timerId(userId, product.productId()), KIND, userId,
                    now.plus(properties.active().browseDelay()),
                    ContractJson.writeString(new Deferred(marker, Decider.Options.AUTOMATIC, null))));
        }
    }

    public void onCarted(String userId, String productId) {
        timers.cancel(timerId(userId, productId));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public void fire(TimerStore.Timer timer, Instant now) {
        Deferred deferred = ContractJson.read(timer.payload(), Deferred.class);
        Product product = deferred.candidate().product();
        Product latest = views.product(product.productId()).orElse(product);
        BrowseFlow.evaluate(timer.userId(), views.views(timer.userId()), carts.of(timer.userId()), latest, properties,
                        deferred.candidate().eventId())
                .ifPresent(candidate -> engine.decide(candidate, Decider.Options.AUTOMATIC,
                        Ids.derived("d-", timer.id(), timer.dueAt().toString())));
    }
}
