package io.sbme.tracking.attribution;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Topics;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingEvents;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.link.LastClick;
import io.sbme.tracking.messages.MessageRegistry;
import io.sbme.tracking.outbox.Outbox;
import io.sbme.tracking.outbox.OutboxRecord;
import io.sbme.tracking.privacy.ErasedUsers;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Credits completed orders to messages ({@code CONVERTED}, once per order id) and counts holdout
 * users' orders for their arm ({@code CONVERTED} with no message and detail {@code holdout}) so the
 * dashboard can compute uplift. Remembers each user's latest arm per flow from {@code decisions}.
 *
 * <p>Only orders the store's server vouches for count ({@link CustomerEvent#fromServer()}: the batch
 * API with the store's key, or the shop's server-priced checkout). An order a browser posted claims
 * whatever total and message its sender chose, so it credits nothing and adds no revenue.
 */
@Component
class AttributionStage {

    /** Orders are remembered this long to keep them from being credited twice. */
    private static final Duration ORDER_MEMORY = Duration.ofDays(30);

    private final MessageRegistry registry;
    private final Outbox outbox;
    private final ErasedUsers erasedUsers;
    private final StringRedisTemplate redis;
    private final TrackingProperties properties;
    private final Clock clock;

    AttributionStage(MessageRegistry registry, Outbox outbox, ErasedUsers erasedUsers, StringRedisTemplate redis,
                     TrackingProperties properties, Clock clock) {
        this.registry = registry;
        this.outbox = outbox;
        this.erasedUsers = erasedUsers;
        this.redis = redis;
        this.properties = properties;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.DECISIONS, groupId = "${spring.application.name}-decisions")
    void on(Decision decision) {
        if (decision == null || decision.userId() == null || decision.flow() == null || decision.experimentArm() == null) {
            return;
        }
        Attribution.Arm arm = new Attribution.Arm(decision.experimentArm(), decision.variant(),
                decision.decidedAt() == null ? clock.instant() : decision.decidedAt());
        erasedUsers.putUnlessErased(decision.userId(), Keys.arms(decision.userId()), decision.flow().wireName(),
                ContractJson.writeString(arm), properties.registryTtl());
    }

    // Only orders matter here, among every storefront event: letting the broker gather up to 100 ms
    // of events per fetch saves most of the fetches, polls and commits at storefront volume.
    @KafkaListener(topics = Topics.CUSTOMER_EVENTS, groupId = "${spring.application.name}-orders",
            properties = {"fetch.min.bytes=16384", "fetch.max.wait.ms=100"})
    void on(CustomerEvent event) {
        if (event == null || event.type() != EventType.ORDER_COMPLETED || event.userId() == null || event.order() == null) {
            return;
        }
        if (!event.fromServer()) {
            return;
        }
        CustomerEvent.Order order = event.order();
        String orderId = order.orderId() != null ? order.orderId() : event.eventId();
        if (orderId == null) {
            return;
        }
        String orderKey = Keys.order(orderId);
        if (Boolean.TRUE.equals(redis.hasKey(orderKey))) {
            return;
        }
        credit(event, order, orderId);
        // Marked only once credited: a crash before this point redelivers the order, and crediting
        // again is harmless (the message remembers the order; the events carry ids derived from it).
        redis.opsForValue().set(orderKey, "1", ORDER_MEMORY);
    }

    private void credit(CustomerEvent event, CustomerEvent.Order order, String orderId) {
        Instant orderAt = event.occurredAt() != null ? event.occurredAt()
                : event.receivedAt() != null ? event.receivedAt() : clock.instant();
        String userId = event.userId();
        Duration window = properties.attributionWindow();
        Optional<Attribution.Attributed> attributed = Attribution.attribute(userId, erasedUsers.mark(userId), orderAt,
                registry.find(namedMessage(event)), lastClick(userId), window);
        attributed.ifPresent(credit -> registry.update(credit.messageId(), m -> {
            if (m == null || !m.credit(TrackingEvents.orderDigest(orderId))) {
                return MessageRegistry.Change.none(null);
            }
            return new MessageRegistry.Change<>(m, null, List.of(TrackingEvents.conversion(m.messageId, userId, m.flow,
                    m.variant, credit.channel(), m.conversions == 1, orderId, order.total(), order.currency(),
                    credit.basis(), orderAt)));
        }));
        List<OutboxRecord> holdouts = Attribution.holdoutArms(arms(userId), orderAt, window).stream()
                .map(holdout -> TrackingEvents.conversion(null, userId, holdout.getKey(), holdout.getValue().arm(), null,
                        false, orderId, order.total(), order.currency(), "holdout", orderAt))
                .toList();
        outbox.append(holdouts);
    }

    private static String namedMessage(CustomerEvent event) {
        if (event.order().utmMessageId() != null) {
            return event.order().utmMessageId();
        }
        if (event.messageId() != null) {
            return event.messageId();
        }
        return event.campaign() == null ? null : event.campaign().messageId();
    }

    private Optional<LastClick> lastClick(String userId) {
        return Optional.ofNullable(redis.opsForValue().get(Keys.lastClick(userId)))
                .map(json -> ContractJson.read(json, LastClick.class));
    }

    private Map<Flow, Attribution.Arm> arms(String userId) {
        Map<Flow, Attribution.Arm> arms = new EnumMap<>(Flow.class);
        redis.<String, String>opsForHash().entries(Keys.arms(userId)).forEach((flow, json) -> {
            Flow parsed = ContractJson.read("\"" + flow + "\"", Flow.class);
            if (parsed != Flow.UNKNOWN) {
                arms.put(parsed, ContractJson.read(json, Attribution.Arm.class));
            }
        });
        return arms;
    }
}
