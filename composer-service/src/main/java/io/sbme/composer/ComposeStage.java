package io.sbme.composer;

import io.micrometer.core.instrument.MeterRegistry;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.outage.Outages;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Composes every SEND decision into {@code composed-messages}; HOLD and SUPPRESS need no message.
 * Idempotent on {@code messageId}: {@code cmp:composed:<messageId>} marks a message already
 * published, so a redelivered decision is not composed twice. The marker is written only once the
 * Kafka transaction that publishes the message (and commits the decision's offset) has committed:
 * a commit that fails leaves no marker, and the redelivered decision is composed again.
 *
 * <p>While Redis is down the decision in hand waits for it and the listener pauses: decisions wait
 * in Kafka rather than being dead-lettered.
 */
@Component
class ComposeStage {

    static final String LISTENER = "composer-decisions";

    private static final Logger log = LoggerFactory.getLogger(ComposeStage.class);
    /** Longer than any redelivery or replay window of the decisions topic. */
    private static final Duration REMEMBER = Duration.ofDays(7);

    private final Composer composer;
    private final ContractPublisher publisher;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;
    private final Outages outages;

    ComposeStage(Composer composer, ContractPublisher publisher, StringRedisTemplate redis,
                 ObjectProvider<MeterRegistry> meters, Outages outages) {
        this.composer = composer;
        this.publisher = publisher;
        this.redis = redis;
        this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
        this.outages = outages;
    }

    @KafkaListener(id = LISTENER, topics = Topics.DECISIONS)
    void on(Decision decision) {
        if (decision == null || decision.outcome() != DecisionOutcome.SEND || decision.messageId() == null
                || decision.userId() == null) {
            return;
        }
        outages.holdThrough(() -> compose(decision));
    }

    private void compose(Decision decision) {
        String marker = "cmp:composed:" + decision.messageId();
        if (Boolean.TRUE.equals(redis.hasKey(marker))) {
            log.info("message {} was already composed; decision {} redelivered", decision.messageId(), decision.decisionId());
            return;
        }
        MessageComposed composed = composer.compose(decision);
        publisher.publishAndWait(Topics.COMPOSED_MESSAGES, composed.userId(), composed, Duration.ofSeconds(10));
        afterCommit(() -> remember(marker));
        meters.counter("sbme.composer.composed", "flow", composed.flow() == null ? "unknown" : composed.flow().wireName(),
                "template", composed.templateId(), "encoding", composed.sms().encoding()).increment();
        log.info("composed message {} from template {} v{}", composed.messageId(), composed.templateId(),
                composed.templateVersion());
    }

    /** Runs the action once the listener's Kafka transaction has committed; at once when there is none. */
    private static void afterCommit(Runnable action) {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            action.run();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                action.run();
            }
        });
    }

    private void remember(String marker) {
        try {
            redis.opsForValue().set(marker, "1", REMEMBER);
        } catch (RuntimeException e) {
            // The message is committed; without its marker only a duplicate decision would compose it
            // again, and the dispatcher's ledger still makes one provider request per message.
            log.warn("could not mark {} as composed: {}", marker, e.toString());
        }
    }
}
