package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.messaging.handler.annotation.Payload;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Watches what happens after WhatsApp accepted a message, from {@code tracking-events}:
 * <ul>
 *   <li>a due check per message in the Redis sorted set {@code dsp:due} (shared by instances; whoever
 *       removes the member handles it): no {@code delivered} within the message's delivery TTL → fall
 *       back to SMS with cause {@code delivery_ttl_expired};</li>
 *   <li>{@code delivered}/{@code read} cancels the check (a late one after the SMS went changes nothing);</li>
 *   <li>a {@code failed} status (e.g. 131026 reported by webhook) falls back at once;</li>
 *   <li>{@code window_opened} marks the user's 24-hour customer-service window, {@code dsp:window:<userId>}.</li>
 * </ul>
 * The same sorted set schedules resumptions of fallbacks that met a transient failure.
 *
 * <p>A missing {@code delivered} is evidence only when the receipts are known complete up to the
 * deadline: tracking publishes its progress on every partition of {@code tracking-events} after the
 * receipts before it, the watch keeps each partition's watermark in {@code dsp:watermark} once it has
 * read everything before it there, and a deadline falls due only when the slowest partition's
 * watermark has passed it ({@link DeliveryEvidence}). Tracking, the broker or this consumer being away
 * (a restart that has not read its partitions up to the watermark again) holds the watermark back,
 * so an outage delays fallbacks and never causes them.
 */
@Component
class DeliveryWatch {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWatch.class);
    static final String DUE = "dsp:due";
    /** Per partition of tracking-events (hash field), tracking's progress read so far (epoch millis). */
    static final String WATERMARKS = "dsp:watermark";
    private static final int PAGE = 100;
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final int MAX_RESUMES = 3;
    private static final Pattern META_CODE = Pattern.compile("\\b(1\\d{5})\\b");
    // Every delivered and read status of every WhatsApp message comes here: one round trip for marking
    // it delivered, cancelling its check and settling a claim cut off mid-send (answers whether it did).
    private static final RedisScript<Long> DELIVERED = RedisScript.of(Ledger.SETTLE_LUA + """
            redis.call('SET', KEYS[2], '1', 'EX', ARGV[3])
            redis.call('ZREM', KEYS[3], ARGV[4])
            return settled
            """, Long.class);
    // Forward only: a progress record read again (a redelivery after a restart) must not move it back.
    private static final RedisScript<Long> ADVANCE = RedisScript.of("""
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current == false or tonumber(current) < tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
              return 1
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Ledger ledger;
    private final ObjectProvider<Dispatcher> dispatcher;
    private final ObjectProvider<DeadLetters> deadLetters;
    private final Clock clock;
    private final ObjectProvider<KafkaTemplate<String, Object>> kafka;
    private volatile int partitions;

    DeliveryWatch(StringRedisTemplate redis, Ledger ledger, ObjectProvider<Dispatcher> dispatcher,
                  ObjectProvider<DeadLetters> deadLetters, Clock clock, ObjectProvider<KafkaTemplate<String, Object>> kafka) {
        this.redis = redis;
        this.ledger = ledger;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.clock = clock;
        this.kafka = kafka;
    }

    void expectDelivery(MessageComposed message) {
        Duration ttl = Duration.ofSeconds(message.deliveryTtlSeconds());
        redis.opsForValue().set(pendingKey(message.messageId()), ContractJson.writeString(message), ttl.plusDays(1));
        redis.opsForZSet().add(DUE, "ttl:" + message.messageId(), clock.millis() + ttl.toMillis());
    }

    /** As {@link #expectDelivery}, but a check already waiting keeps its deadline. */
    void expectDeliveryUnlessWatched(MessageComposed message) {
        Duration ttl = Duration.ofSeconds(message.deliveryTtlSeconds());
        redis.opsForValue().set(pendingKey(message.messageId()), ContractJson.writeString(message), ttl.plusDays(1));
        redis.opsForZSet().addIfAbsent(DUE, "ttl:" + message.messageId(), clock.millis() + ttl.toMillis());
    }

    boolean delivered(String messageId) {
        return Boolean.TRUE.equals(redis.hasKey("dsp:delivered:" + messageId));
    }

    void forget(String messageId) {
        redis.opsForZSet().remove(DUE, "ttl:" + messageId, "resume:" + messageId + ":1", "resume:" + messageId + ":2",
                "resume:" + messageId + ":3");
    }

    @KafkaListener(topics = Topics.TRACKING_EVENTS, groupId = "${spring.application.name}-tracking")
    void on(@Payload(required = false) TrackingEvent event,
            @Header(name = KafkaHeaders.RECEIVED_PARTITION, required = false) Integer partition) {
        if (event == null || event.status() == null) {
            return;
        }
        if (event.status() == TrackingStatus.PROGRESS) {
            // Every record before it on this partition was handled (this listener takes them in order).
            if (partition != null && event.at() != null) {
                redis.execute(ADVANCE, List.of(WATERMARKS), String.valueOf(partition), String.valueOf(event.at().toEpochMilli()));
            }
            return;
        }
        if (event.status() == TrackingStatus.WINDOW_OPENED && event.userId() != null) {
            // The window runs 24 h from the user's message, not from when we read it (a replay at start).
            Duration left = event.at() == null ? WINDOW
                    : WINDOW.minus(Duration.between(event.at(), clock.instant()));
            if (!left.isNegative() && !left.isZero()) {
                redis.opsForValue().set(windowKey(event.userId()), "1", left);
            }
            return;
        }
        if (event.messageId() == null || (event.channel() != Channel.WHATSAPP && event.channel() != Channel.SMS)) {
            return;
        }
        if (event.channel() == Channel.SMS) {
            // SMS is the fallback, seldom used: its receipts may take a round trip of their own.
            if (event.status() == TrackingStatus.DELIVERED
                    && ledger.settleInFlight(event.messageId(), Channel.SMS, event.providerMessageId())) {
                dispatcher.getObject().recordSentAsReceiptShows(event);
            }
            return;
        }
        switch (event.status()) {
            case DELIVERED, READ -> {
                String[] settle = Ledger.settleArgs(event.providerMessageId());
                Long settled = redis.execute(DELIVERED, List.of(Ledger.key(event.messageId(), Channel.WHATSAPP),
                                "dsp:delivered:" + event.messageId(), DUE), settle[0], settle[1],
                        String.valueOf(Duration.ofDays(1).toSeconds()), "ttl:" + event.messageId());
                if (settled != null && settled == 1) {
                    dispatcher.getObject().recordSentAsReceiptShows(event);
                }
            }
            case FAILED -> {
                Long removed = redis.opsForZSet().remove(DUE, "ttl:" + event.messageId());
                if (removed != null && removed == 1) {
                    String code = code(event.detail());
                    handle("failed:" + event.messageId(), event.messageId(),
                            code == null ? "provider_failed" : io.sbme.dispatcher.whatsapp.WhatsAppCodes.causeOf(code), code);
                }
            }
            default -> {
            }
        }
    }

    @Scheduled(fixedDelayString = "${sbme.dispatcher.ttl-poll-ms:500}")
    void poll() {
        long now = clock.millis();
        long upTo = DeliveryEvidence.evaluableUpTo(now, slowestWatermark());
        if (upTo >= 0) {
            take(redis.opsForZSet().rangeByScore(DUE, 0, upTo, 0, PAGE));
        }
        // A resumption continues a fallback already decided: it waits for the clock only.
        for (long offset = 0; upTo < now && offset < 10 * PAGE; offset += PAGE) {
            Set<String> later = redis.opsForZSet().rangeByScore(DUE, Math.max(0, upTo + 1), now, offset, PAGE);
            if (later == null || later.isEmpty()) {
                break;
            }
            take(later.stream().filter(member -> member.startsWith("resume:")).toList());
        }
    }

    private void take(java.util.Collection<String> due) {
        if (due == null) {
            return;
        }
        for (String member : due) {
            Long removed = redis.opsForZSet().remove(DUE, member);
            if (removed == null || removed != 1) {
                continue; // another instance took it
            }
            String[] parts = member.split(":");
            if (parts.length >= 2) {
                handle(member, parts[1], "delivery_ttl_expired", null);
            }
        }
    }

    /** The slowest partition's watermark, empty while tracking's progress is not known for every partition. */
    OptionalLong slowestWatermark() {
        int count = partitions();
        if (count <= 0) {
            return OptionalLong.empty();
        }
        Map<Integer, Long> watermarks = new HashMap<>();
        redis.<String, String>opsForHash().entries(WATERMARKS)
                .forEach((partition, millis) -> watermarks.put(Integer.valueOf(partition), Long.valueOf(millis)));
        return DeliveryEvidence.slowest(watermarks, count);
    }

    /** How many partitions tracking-events has; looked up once the broker answers, 0 until then. */
    private int partitions() {
        if (partitions <= 0) {
            try {
                KafkaTemplate<String, Object> template = kafka.getIfAvailable();
                List<PartitionInfo> found = template == null ? List.of() : template.partitionsFor(Topics.TRACKING_EVENTS);
                partitions = found == null ? 0 : found.size();
            } catch (RuntimeException e) {
                log.warn("partitions of {} unknown yet: {}", Topics.TRACKING_EVENTS, e.toString());
            }
        }
        return partitions;
    }

    private void handle(String member, String messageId, String cause, String errorCode) {
        String json = redis.opsForValue().get(pendingKey(messageId));
        if (json == null) {
            return;
        }
        MessageComposed message = ContractJson.read(json, MessageComposed.class);
        int resume = member.startsWith("resume:") ? Integer.parseInt(member.substring(member.lastIndexOf(':') + 1)) : 0;
        try {
            if (resume == 0) {
                dispatcher.getObject().fallBackFromWhatsApp(message, cause, errorCode);
            } else {
                dispatcher.getObject().dispatch(message);
            }
        } catch (TransientDispatchException e) {
            if (resume < MAX_RESUMES) {
                long delay = 1000L << resume;
                redis.opsForZSet().add(DUE, "resume:" + messageId + ":" + (resume + 1), clock.millis() + delay);
            } else {
                deadLetters.getObject().exhausted(message, e);
            }
        } catch (RuntimeException e) {
            log.error("fallback of message {} failed", messageId, e);
        }
    }

    private static String code(String detail) {
        if (detail == null) {
            return null;
        }
        Matcher matcher = META_CODE.matcher(detail);
        return matcher.find() ? matcher.group(1) : null;
    }

    static String windowKey(String userId) {
        return "dsp:window:" + userId;
    }

    static String pendingKey(String messageId) {
        return "dsp:pending:" + messageId;
    }
}
