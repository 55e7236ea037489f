package io.sbme.decision.abandonedcart;

import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.contracts.Topics;
import io.sbme.decision.checkoutrescue.CheckoutRescueTimer;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** A conversion tracked for the user ends their cart flows, even if the order event was not seen here. */
@Component
class ConversionExit {

    private final AbandonedCartTimer abandonedCart;
    private final CheckoutRescueTimer checkoutRescue;

    ConversionExit(AbandonedCartTimer abandonedCart, CheckoutRescueTimer checkoutRescue) {
        this.abandonedCart = abandonedCart;
        this.checkoutRescue = checkoutRescue;
    }

    @KafkaListener(topics = Topics.TRACKING_EVENTS, groupId = "decision-service-tracking")
    void on(TrackingEvent event) {
        if (event != null && event.userId() != null && event.status() == TrackingStatus.CONVERTED) {
            abandonedCart.cancel(event.userId());
            checkoutRescue.cancel(event.userId());
        }
    }
}
