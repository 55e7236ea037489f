package io.sbme.tracking.status;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.TrackingStatus;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingEvents;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.messages.MessageRegistry;
import io.sbme.tracking.outbox.OutboxRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies verified provider statuses to the registry through the {@link StatusMachine} and publishes
 * every change (through the outbox, in the same write as the change). Idempotent twice over: the
 * same status for the same provider message id is applied once (remembered for
 * {@code tracking.seen-ttl}), and the machine itself ignores anything that does not move forward.
 *
 * <p>A status for a message tracking does not know yet (its Kafka records are still on the way) is
 * parked under {@code trk:pending:} and replayed when the message arrives.
 */
@Component
public class StatusTracker {

    private static final Logger log = LoggerFactory.getLogger(StatusTracker.class);
    /** Long enough for any Kafka lag; a status for a message that never shows up is dropped after this. */
    private static final Duration PENDING_TTL = Duration.ofDays(1);
    private static final int MAX_PENDING = 20;

    private final MessageRegistry registry;
    private final StringRedisTemplate redis;
    private final Duration seenTtl;

    StatusTracker(MessageRegistry registry, StringRedisTemplate redis, TrackingProperties properties) {
        this.registry = registry;
        this.redis = redis;
        this.seenTtl = properties.seenTtl();
    }

    /** Applies a status a webhook reported; a replay of one already applied changes nothing. */
    public void report(StatusReport report) {
        String seenKey = Keys.seen(report.providerMessageId(), report.status().wireName());
        if (Boolean.TRUE.equals(redis.hasKey(seenKey))) {
            log.debug("duplicate {} for {}", report.status(), report.providerMessageId());
            return;
        }
        apply(report);
        // Remembered only once applied, so a crash or error before this point lets the provider's
        // retry apply it. Two copies racing here both reach the machine, which moves only forward
        // under the registry's compare-and-set: the second changes nothing and publishes nothing.
        redis.opsForValue().set(seenKey, "1", seenTtl);
    }

    /** Replays statuses that arrived before the message or its provider id was known. */
    public void replayPending(String messageIdOrProviderId) {
        String key = Keys.pending(messageIdOrProviderId);
        List<String> parked = redis.opsForList().range(key, 0, -1);
        if (parked == null || parked.isEmpty()) {
            return;
        }
        redis.delete(key);
        parked.stream().map(json -> ContractJson.read(json, StatusReport.class)).forEach(this::apply);
        // Only once applied (their records are in the outbox) may tracking's progress pass them.
        redis.opsForZSet().remove(Keys.parked(), messageIdOrProviderId);
    }

    private void apply(StatusReport report) {
        String messageId = report.messageId() != null ? report.messageId()
                : registry.messageIdForProvider(report.providerMessageId()).orElse(null);
        if (messageId == null || registry.find(messageId).isEmpty()) {
            String parkedUnder = messageId != null ? messageId : report.providerMessageId();
            park(parkedUnder, report);
            // The message may have arrived between the look-up and the parking; then nobody else replays it.
            boolean arrived = messageId != null ? registry.find(messageId).isPresent()
                    : registry.messageIdForProvider(report.providerMessageId()).isPresent();
            if (arrived) {
                replayPending(parkedUnder);
            }
            return;
        }
        registry.update(messageId, message -> {
            if (message == null) {
                return MessageRegistry.Change.none(null);
            }
            StatusMachine.Outcome outcome = StatusMachine.apply(message.progress, report.channel(), report.status(),
                    report.errorCode());
            if (!outcome.changed()) {
                return MessageRegistry.Change.none(null);
            }
            message.progress = outcome.progress();
            message.updatedAt = report.at();
            // An erased user's message keeps no provider id (even digested, it links the facts to one recipient).
            String providerMessageId = message.erased ? null : report.providerMessageId();
            List<OutboxRecord> records = outcome.changes().stream()
                    .map(change -> TrackingEvents.message(messageId, message.userId, message.flow, message.variant,
                            report.channel(), change.status(), providerMessageId, change.late(),
                            change.firstForMessage(), change.status() == TrackingStatus.FAILED && report.errorCode() != null
                                    ? joinDetail(change.detail(), "error " + report.errorCode()) : change.detail(),
                            report.at()))
                    .toList();
            return new MessageRegistry.Change<>(message, null, records);
        });
    }

    private void park(String id, StatusReport report) {
        String key = Keys.pending(id);
        redis.opsForList().rightPush(key, ContractJson.writeString(report));
        redis.opsForList().trim(key, -MAX_PENDING, -1);
        redis.expire(key, PENDING_TTL);
        // The earliest arrival waiting under this id: tracking's progress stays behind it (ProgressMarkers).
        redis.opsForZSet().addIfAbsent(Keys.parked(), id, (report.at() == null ? Instant.now() : report.at()).toEpochMilli());
    }

    private static String joinDetail(String detail, String more) {
        return detail == null ? more : detail + "; " + more;
    }
}
