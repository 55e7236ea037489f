package io.sbme.consent.privacy;

import io.sbme.contracts.PrivacyAck;
import io.sbme.contracts.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** Records each service's confirmation of an erase request, for the admin's privacy-request view. */
@Component
class PrivacyAckStage {

    private static final Logger log = LoggerFactory.getLogger(PrivacyAckStage.class);

    private final PrivacyLedger ledger;

    PrivacyAckStage(PrivacyLedger ledger) {
        this.ledger = ledger;
    }

    @KafkaListener(topics = Topics.PRIVACY_ACKS)
    void on(PrivacyAck ack) {
        if (ack == null || ack.requestId() == null || ack.service() == null || ack.completedAt() == null) {
            return;
        }
        if (ledger.confirm(ack.requestId(), ack.service(), ack.completedAt())) {
            log.info("erase request {} confirmed by {}", ack.requestId(), ack.service());
        }
    }
}
