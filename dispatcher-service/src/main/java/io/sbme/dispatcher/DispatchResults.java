package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.audit.AuditLog;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Records every attempt on {@code dispatch-results}, and the significant ones (sent, fell back,
 * blocked, cancelled, dead-lettered) in the audit log, and returns once the broker acknowledged both.
 * Only the masked number ever appears here, and a provider's message id only as its digest.
 */
@Component
class DispatchResults {

    private static final Logger log = LoggerFactory.getLogger(DispatchResults.class);
    /** Only against a hang: the producer gives up after its delivery timeout (180 s), before this. */
    private static final Duration SEND_GUARD = Duration.ofMinutes(4);
    private static final Set<DispatchOutcome> AUDITED = EnumSet.of(DispatchOutcome.SENT, DispatchOutcome.FELL_BACK,
            DispatchOutcome.BLOCKED, DispatchOutcome.CANCELLED, DispatchOutcome.DEAD_LETTERED);

    private final ContractPublisher publisher;
    private final ObjectProvider<AuditLog> audit;
    private final Clock clock;
    private final MeterRegistry meters;

    DispatchResults(ContractPublisher publisher, ObjectProvider<AuditLog> audit, Clock clock,
                    ObjectProvider<MeterRegistry> meters) {
        this.publisher = publisher;
        this.audit = audit;
        this.clock = clock;
        this.meters = meters.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new);
    }

    void record(MessageComposed message, Channel channel, int attempt, DispatchOutcome outcome, String cause,
                String providerDigest, String errorCode, String maskedPhone) {
        record(message.messageId(), message.userId(), message.flow(), message.variant(), channel, attempt, outcome, cause,
                providerDigest, errorCode, maskedPhone);
    }

    /**
     * The id of a result: a message is sent on a channel at most once, so its {@code sent} result has an
     * id named by the message and channel. A {@code sent} recorded again (the instance stopped between
     * the provider's acceptance and the broker's acknowledgement, or the acceptance became known only
     * from a delivery receipt) is then the same result to every reader, counted once.
     */
    static String resultId(String messageId, Channel channel, DispatchOutcome outcome) {
        if (outcome == DispatchOutcome.SENT && channel != null) {
            return UUID.nameUUIDFromBytes(("sent:" + messageId + ":" + channel.wireName())
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        }
        return UUID.randomUUID().toString();
    }

    void record(String messageId, String userId, Flow flow, String variant, Channel channel, int attempt,
                DispatchOutcome outcome, String cause, String providerDigest, String errorCode, String maskedPhone) {
        DispatchResult result = new DispatchResult(DispatchResult.SCHEMA_VERSION, resultId(messageId, channel, outcome),
                messageId, userId, flow, variant, channel, attempt, outcome, cause, providerDigest, errorCode, maskedPhone,
                clock.instant());
        List<CompletableFuture<?>> sends = new ArrayList<>();
        sends.add(send(() -> publisher.publish(Topics.DISPATCH_RESULTS, userId, result)));
        // Causes are a small fixed vocabulary (see README), so they are safe as a metric tag.
        meters.counter("sbme.dispatch.results", "channel", channel == null ? "none" : channel.wireName(),
                "outcome", outcome.name().toLowerCase(), "cause", cause == null ? "none" : cause).increment();
        log.info("message {} {} on {} (attempt {}, cause {}, code {}, to {})", messageId,
                outcome.name().toLowerCase(), channel == null ? "-" : channel.wireName(), attempt, cause, errorCode,
                maskedPhone);
        if (AUDITED.contains(outcome)) {
            Map<String, String> details = new LinkedHashMap<>();
            details.put("channel", channel == null ? "none" : channel.wireName());
            details.put("attempt", String.valueOf(attempt));
            if (cause != null) {
                details.put("cause", cause);
            }
            if (errorCode != null) {
                details.put("errorCode", errorCode);
            }
            // No masked number here: the audit chain outlives an erase of the user, and only the
            // user id in its own field is forgotten then.
            audit.ifAvailable(a -> sends.add(send(() -> a.recordForUser(userId, "dispatcher-service",
                    "message." + outcome.name().toLowerCase(), messageId, outcome.name().toLowerCase(), details))));
        }
        awaitAcknowledged(sends, messageId, outcome);
    }

    /**
     * Waits until the broker acknowledged the result and its audit entry: the dashboard's counts and
     * the audit trail must see every send. The producer keeps retrying for its
     * {@code delivery.timeout.ms} (raised in application.yml to outlast a broker restart), so this
     * waits out a broker outage of a few minutes; dispatches run on virtual threads, and the ones
     * waiting hold back new ones (in-flight permits) rather than piling up.
     */
    private static void awaitAcknowledged(List<CompletableFuture<?>> sends, String messageId, DispatchOutcome outcome) {
        for (CompletableFuture<?> send : sends) {
            try {
                send.get(SEND_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException | TimeoutException e) {
                log.error("the broker did not acknowledge the {} result of message {}", outcome, messageId, e);
            }
        }
    }

    private static CompletableFuture<?> send(Supplier<CompletableFuture<?>> send) {
        try {
            return send.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
