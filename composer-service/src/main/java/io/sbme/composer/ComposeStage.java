package io.sbme.composer;

import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Duration;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.springframework.beans.factory.ObjectProvider;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Composes every SEND decision into {@code composed-messages}; HOLD and SUPPRESS need no message.
 * Idempotent on {@code messageId}: {@code cmp:composed:<messageId>} marks a message already
 * published, so a redelivered decision is not composed twice.
 */
@Component
class ComposeStage {

    private static final Logger log = LoggerFactory.getLogger(ComposeStage.class);
    /** Longer than any redelivery or replay window of the decisions topic. */
    private static final Duration REMEMBER = Duration.ofDays(7);

    private final Composer composer;
    private final ContractPublisher publisher;
    private final StringRedisTemplate redis;
    private final MeterRegistry meters;

    ComposeStage(Composer composer, ContractPublisher publisher, StringRedisTemplate redis,
                 ObjectProvider<MeterRegistry> meters) {
        this.composer = composer;
        this.publisher = publisher;
        this.redis = redis;
        this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
    }

    @KafkaListener(topics = Topics.DECISIONS)
    void on(Decision decision) {
        if (decision == null || decision.outcome() != DecisionOutcome.SEND || decision.messageId() == null
                || decision.userId() == null) {
            return;
        }
        String marker = "cmp:composed:" + decision.messageId();
        if (Boolean.TRUE.equals(redis.hasKey(marker))) {
            log.info("message {} was already composed; decision {} redelivered", decision.messageId(), decision.decisionId());
            return;
        }
        MessageComposed composed = composer.compose(decision);
        publisher.publishAndWait(Topics.COMPOSED_MESSAGES, composed.userId(), composed, Duration.ofSeconds(10));
        redis.opsForValue().set(marker, "1", REMEMBER);
        meters.counter("sbme.composer.composed", "flow", composed.flow() == null ? "unknown" : composed.flow().wireName(),
                "template", composed.templateId(), "encoding", composed.sms().encoding()).increment();
        log.info("composed message {} from template {} v{}", composed.messageId(), composed.templateId(),
                composed.templateVersion());
    }
}
