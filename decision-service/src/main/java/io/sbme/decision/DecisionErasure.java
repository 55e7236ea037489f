package io.sbme.decision;

import io.sbme.decision.browse.ViewStore;
import io.sbme.decision.caps.CapStore;
import io.sbme.decision.cart.CartStore;
import io.sbme.decision.consent.ConsentView;
import io.sbme.decision.demo.PreviewStore;
import io.sbme.support.privacy.Erasable;
import org.springframework.stereotype.Component;

/** Erases everything decision-service holds about a user: cart, views, timers, holds, caps, consent view, decision log, previews. */
@Component
class DecisionErasure implements Erasable {

    private final CartStore carts;
    private final ViewStore views;
    private final CapStore caps;
    private final ConsentView consent;
    private final DecisionLog decisionLog;
    private final DecisionEngine engine;
    private final PreviewStore previews;

    DecisionErasure(CartStore carts, ViewStore views, CapStore caps, ConsentView consent, DecisionLog decisionLog,
                    DecisionEngine engine, PreviewStore previews) {
        this.carts = carts;
        this.views = views;
        this.caps = caps;
        this.consent = consent;
        this.decisionLog = decisionLog;
        this.engine = engine;
        this.previews = previews;
    }

    @Override
    public long erase(String userId) {
        return carts.erase(userId) + views.erase(userId) + caps.erase(userId) + consent.erase(userId)
                + decisionLog.erase(userId) + engine.erase(userId) + previews.erase(userId);
    }
}
