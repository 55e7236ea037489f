package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Messages whose retries ran out (or that could not be read), kept for admins: {@code dsp:dlt:<id>}
 * holds the entry, {@code dsp:dlt:index} orders them by time. Dead-lettering WhatsApp falls back to
 * the next channel at once; a replay puts the message back on {@code composed-messages} with the
 * dead channel open for one more try.
 */
@Component
class DeadLetters {

    static final String INDEX = "dsp:dlt:index";
    /** Long enough for an admin to look; bounded so the store cannot grow without end. */
    private static final Duration KEEP = Duration.ofDays(14);

    /**
     * One dead letter.
     *
     * @param message the composed message (holds no phone number); null when the record was unreadable
     */
    record DeadLetter(String id, String messageId, String userId, Channel channel, String cause, String errorCode,
                      String error, Instant at, Instant replayedAt, String replayedBy, MessageComposed message) {

        DeadLetter replayed(String by, Instant when) {
            return new DeadLetter(id, messageId, userId, channel, cause, errorCode, error, at, when, by, message);
        }
    }

    private final StringRedisTemplate redis;
    private final Ledger ledger;
    private final DispatchResults results;
    private final Dispatcher dispatcher;
    private final ContractPublisher publisher;
    private final Clock clock;

    DeadLetters(StringRedisTemplate redis, Ledger ledger, DispatchResults results, Dispatcher dispatcher,
                ContractPublisher publisher, Clock clock) {
        this.redis = redis;
        this.ledger = ledger;
        this.results = results;
        this.dispatcher = dispatcher;
        this.publisher = publisher;
        this.clock = clock;
    }

    /** A record reached the dead-letter topic: retries ran out, or it failed in a way no retry fixes. */
    void onDeadLetter(Object value, String key, String error) {
        // A record the dispatching listener could not read reaches here as the excerpt it kept:
        // a composed message with no id.
        if (!(value instanceof MessageComposed message) || message.messageId() == null) {
            String detail = value instanceof DeadLetterTolerantDeserializer.Unreadable unreadable ? unreadable.error() : error;
            store(new DeadLetter(UUID.randomUUID().toString(), null, key, null, "unparseable", null, trim(detail),
                    clock.instant(), null, null, null));
            return;
        }
        List<Channel> plan = dispatcher.plan(message);
        Channel stuck = plan.stream().filter(c -> ledger.state(message.messageId(), c) instanceof LedgerState.Retry).findFirst()
                .orElse(null);
        if (stuck == null) {
            Channel pending = plan.stream().filter(c -> ledger.state(message.messageId(), c) == null).findFirst()
                    .orElse(plan.isEmpty() ? null : plan.getFirst());
            deadLetter(message, pending, "dispatch_error", null, error, false);
            return;
        }
        deadLetter(message, stuck, "retries_exhausted", null, error, true);
    }

    /** A fallback outside Kafka (after a delivery TTL) met transient failures until it gave up. */
    void exhausted(MessageComposed message, TransientDispatchException e) {
        deadLetter(message, e.channel(), "retries_exhausted", e.errorCode(), e.getMessage(), false);
    }

    private void deadLetter(MessageComposed message, Channel channel, String cause, String errorCode, String error,
                            boolean fallBack) {
        int attempt = 0;
        if (channel != null) {
            ledger.mark(message.messageId(), channel, LedgerState.DEAD);
            attempt = ledger.attempts(message.messageId(), channel);
        }
        results.record(message, channel, attempt, DispatchOutcome.DEAD_LETTERED, cause, null, errorCode,
                dispatcher.masked(message));
        store(new DeadLetter(UUID.randomUUID().toString(), message.messageId(), message.userId(), channel, cause,
                errorCode, trim(error), clock.instant(), null, null, message));
        List<Channel> plan = dispatcher.plan(message);
        boolean hasNext = channel != null && plan.indexOf(channel) >= 0 && plan.indexOf(channel) < plan.size() - 1;
        if (fallBack && hasNext) {
            results.record(message, channel, attempt, DispatchOutcome.FELL_BACK, cause, null, errorCode,
                    dispatcher.masked(message));
            try {
                dispatcher.dispatch(message);
            } catch (TransientDispatchException next) {
                // The fallback channel failed too; no retry topic is left here, so it is dead-lettered as well.
                deadLetter(message, next.channel(), "retries_exhausted", next.errorCode(), next.getMessage(), false);
            }
        }
    }

    List<DeadLetter> list(int limit) {
        Set<String> ids = redis.opsForZSet().reverseRange(INDEX, 0, Math.max(0, limit - 1));
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> values = redis.opsForValue().multiGet(ids.stream().map(DeadLetters::key).toList());
        return values == null ? List.of() : values.stream().filter(Objects::nonNull)
                .map(v -> ContractJson.read(v, DeadLetter.class)).toList();
    }

    Optional<DeadLetter> find(String id) {
        return Optional.ofNullable(redis.opsForValue().get(key(id))).map(v -> ContractJson.read(v, DeadLetter.class));
    }

    /** Puts the message back on {@code composed-messages} with its dead channel open for another try. */
    DeadLetter replay(String id, String admin) {
        DeadLetter entry = find(id).orElseThrow(() -> ApiProblem.notFound("No dead letter '" + id + "'."));
        if (entry.message() == null) {
            throw ApiProblem.conflict("nothing_to_replay", "The record could not be read, so there is nothing to replay.");
        }
        if (entry.replayedAt() != null) {
            throw ApiProblem.conflict("already_replayed", "This dead letter was replayed at " + entry.replayedAt() + ".");
        }
        MessageComposed message = entry.message();
        for (Channel channel : dispatcher.plan(message)) {
            if (LedgerState.attempted(ledger.state(message.messageId(), channel))) {
                throw ApiProblem.conflict("already_delivered", "Message " + message.messageId()
                        + " already went out on " + channel.wireName() + "; replaying would send it twice.");
            }
        }
        if (entry.channel() != null) {
            ledger.mark(message.messageId(), entry.channel(), LedgerState.RETRY);
        }
        publisher.publishAndWait(Topics.COMPOSED_MESSAGES, message.userId(), message, Duration.ofSeconds(10));
        DeadLetter replayed = entry.replayed(admin, clock.instant());
        redis.opsForValue().set(key(id), ContractJson.writeString(replayed), KEEP);
        return replayed;
    }

    private void store(DeadLetter entry) {
        redis.opsForValue().set(key(entry.id()), ContractJson.writeString(entry), KEEP);
        redis.opsForZSet().add(INDEX, entry.id(), entry.at().toEpochMilli());
        redis.opsForZSet().removeRangeByScore(INDEX, 0, clock.millis() - KEEP.toMillis());
        if (entry.userId() != null) {
            String userKey = DispatcherErasure.userDeadLettersKey(entry.userId());
            redis.opsForSet().add(userKey, entry.id());
            redis.expire(userKey, KEEP);
        }
    }

    static String key(String id) {
        return "dsp:dlt:" + id;
    }

    private static String trim(String error) {
        return error == null ? null : error.length() > 300 ? error.substring(0, 300) : error;
    }
}
