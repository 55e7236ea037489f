package io.sbme.dispatcher;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.Topics;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.stereotype.Component;

/**
 * This instance's view of {@code consent-state}: every instance reads the compacted topic from the
 * start under a group of its own, so the view is rebuilt at each start. It lets the dispatcher drop
 * work early; the vault stays the final gate. Holds masked data only.
 */
@Component
class ConsentView {

    /** What the view knows about a user. */
    enum Standing { UNKNOWN, ACTIVE, REVOKED }

    private static final ConsentState DELETED = new ConsentState(ConsentState.SCHEMA_VERSION, null, Long.MAX_VALUE,
            ConsentStatus.REVOKED, null, null, null, new ConsentState.ChannelConsent(false, false), null, "deleted", null);

    private final Map<String, ConsentState> states = new ConcurrentHashMap<>();

    @KafkaListener(topics = Topics.CONSENT_STATE, groupId = "dispatcher-consent-${random.uuid}")
    void on(@Payload(required = false) ConsentState state, @Header(KafkaHeaders.RECEIVED_KEY) String userId) {
        if (userId == null) {
            return;
        }
        if (state == null) {
            states.put(userId, DELETED);
            return;
        }
        states.merge(userId, state, (old, now) -> now.version() >= old.version() ? now : old);
    }

    Optional<ConsentState> of(String userId) {
        return Optional.ofNullable(states.get(userId));
    }

    /** Revoked entirely (no channel left), or deleted: queued work for the user ends as cancelled. */
    Standing standing(String userId) {
        ConsentState state = states.get(userId);
        if (state == null) {
            return Standing.UNKNOWN;
        }
        // A revoke of one channel leaves the other usable (the per-channel gate handles it); only a
        // user with no channel left has revoked, and their queued messages end as cancelled.
        boolean nothingLeft = state.consent() == null || !state.consent().any();
        boolean revoked = state.status() == ConsentStatus.REVOKED
                || (state.change() != null && (state.change().contains("revok") || state.change().contains("stop")));
        return revoked && nothingLeft ? Standing.REVOKED : Standing.ACTIVE;
    }
}
