package io.sbme.tracking;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.kafka.ContractPublisher;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Publishes tracking facts on {@code tracking-events}, keyed by user id. */
@Component
public class TrackingEvents {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TrackingEvents.class);

    private final ContractPublisher publisher;

    TrackingEvents(ContractPublisher publisher) {
        this.publisher = publisher;
    }

    /** A fact about one message. */
    public void message(String messageId, String userId, Flow flow, String variant, Channel channel,
                        TrackingStatus status, String providerMessageId, boolean late, boolean firstForMessage,
                        String detail, Instant at) {
        publish(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), messageId, userId, flow,
                variant, channel, status, providerMessageId, late, firstForMessage, null, null, null, detail, at));
    }

    /** An order attributed to a message, or (messageId null, detail {@code holdout}) counted for a holdout arm. */
    public void conversion(String messageId, String userId, Flow flow, String variant, Channel channel,
                           boolean firstForMessage, String orderId, BigDecimal revenue, String currency, String detail,
                           Instant at) {
        publish(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), messageId, userId, flow,
                variant, channel, TrackingStatus.CONVERTED, null, false, firstForMessage, orderId, revenue, currency,
                detail, at));
    }

    /** A fact about a user rather than a message: opted out, window opened. */
    public void user(String userId, Channel channel, TrackingStatus status, String detail, Instant at) {
        publish(new TrackingEvent(TrackingEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), null, userId, null, null,
                channel, status, null, false, false, null, null, null, detail, at));
    }

    private void publish(TrackingEvent event) {
        // Asynchronous so a webhook is answered without waiting for the broker; the producer retries
        // for delivery.timeout.ms, and a record that still fails is at least visible in the log.
        publisher.publish(Topics.TRACKING_EVENTS, event.userId(), event).whenComplete((result, failure) -> {
            if (failure != null) {
                log.error("tracking event {} {} for message {} was not published", event.trackingId(), event.status(),
                        event.messageId(), failure);
            }
        });
    }
}
