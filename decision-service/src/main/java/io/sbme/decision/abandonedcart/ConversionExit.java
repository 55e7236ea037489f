package io.sbme.decision.abandonedcart;

import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.contracts.Topics;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.checkoutrescue.CheckoutRescueTimer;
import io.sbme.decision.timers.TimerStore;
import java.time.Duration;
import java.time.Instant;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A conversion tracked for the user ends their cart flows, even if the order event was not seen here. */
@Component
class ConversionExit {

    private final TimerStore timers;
    private final DecisionProperties properties;

    ConversionExit(TimerStore timers, DecisionProperties properties) {
        this.timers = timers;
        this.properties = properties;
    }

    @KafkaListener(topics = Topics.TRACKING_EVENTS, groupId = "decision-service-tracking")
    void on(TrackingEvent event) {
        if (event == null || event.userId() == null || event.status() != TrackingStatus.CONVERTED || event.at() == null) {
            return;
        }
        // tracking-events is delivered at least once (tracking's outbox), and late: a conversion
        // must end only the countdowns it could have been the end of, never a cart begun after it.
        endIfArmedBy(AbandonedCartTimer.timerId(event.userId()), properties.active().abandonedCartDelay(), event.at());
        endIfArmedBy(CheckoutRescueTimer.timerId(event.userId()), properties.active().checkoutRescueDelay(), event.at());
    }

    private void endIfArmedBy(String timerId, Duration delay, Instant conversionAt) {
        timers.find(timerId).filter(timer -> armedBy(timer, delay, conversionAt)).ifPresent(timer -> timers.cancel(timer.id()));
    }

    /** Whether the timer was (re)armed no later than the conversion: it runs {@code delay} from its arming. */
    static boolean armedBy(TimerStore.Timer timer, Duration delay, Instant conversionAt) {
        return !timer.dueAt().minus(delay).isAfter(conversionAt);
    }
}
