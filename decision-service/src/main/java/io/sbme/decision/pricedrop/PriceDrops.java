package io.sbme.decision.pricedrop;

import io.sbme.contracts.CustomerEvent;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Ids;
import io.sbme.decision.browse.ViewStore;
import io.sbme.decision.consent.ConsentView;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Decides, for a qualifying price drop, one message per user of its audience. */
@Component
public class PriceDrops {

    private static final Logger log = LoggerFactory.getLogger(PriceDrops.class);

    private final ViewStore views;
    private final ConsentView consent;
    private final DecisionEngine engine;
    private final DecisionProperties properties;

    PriceDrops(ViewStore views, ConsentView consent, DecisionEngine engine, DecisionProperties properties) {
        this.views = views;
        this.consent = consent;
        this.engine = engine;
        this.properties = properties;
    }

    public int on(CustomerEvent event, Instant now) {
        var rule = properties.priceDrop();
        var percent = PriceDropFlow.qualifies(event.priceDrop(), rule);
        if (percent.isEmpty()) {
            log.info("price drop {} on {} below the threshold; nobody is messaged", event.eventId(),
                    event.priceDrop().productId());
            return 0;
        }
        var seen = views.seenSince(event.priceDrop().productId(), now.minus(rule.lookback()), rule.maxAudience());
        List<String> audience = PriceDropFlow.audience(seen, consent::of, rule, now);
        for (String userId : audience) {
            // One decision id per drop and user: a redelivered drop event repeats the same ids.
            engine.decide(PriceDropFlow.candidate(userId, event, percent.get()), Decider.Options.AUTOMATIC,
                    Ids.derived("d-", event.eventId(), userId));
        }
        return audience.size();
    }
}
