package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.kafka.annotation.KafkaListener;
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
 */
@Component
class DeliveryWatch {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWatch.class);
    static final String DUE = "dsp:due";
    private static final Duration WINDOW = Duration.ofHours(24);
    private static final int MAX_RESUMES = 3;
    private static final Pattern META_CODE = Pattern.compile("\\b(1\\d{5})\\b");
    // Every delivered and read status of every WhatsApp message comes here: one round trip, not two.
    private static final RedisScript<Long> DELIVERED = RedisScript.of("""
            redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
            return redis.call('ZREM', KEYS[2], ARGV[2])
            """, Long.class);

    private final StringRedisTemplate redis;
    private final ObjectProvider<Dispatcher> dispatcher;
    private final ObjectProvider<DeadLetters> deadLetters;
    private final Clock clock;

    DeliveryWatch(StringRedisTemplate redis, ObjectProvider<Dispatcher> dispatcher, ObjectProvider<DeadLetters> deadLetters,
                  Clock clock) {
        this.redis = redis;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    void expectDelivery(MessageComposed message) {
        Duration ttl = Duration.ofSeconds(message.deliveryTtlSeconds());
        redis.opsForValue().set(pendingKey(message.messageId()), ContractJson.writeString(message), ttl.plusDays(1));
        redis.opsForZSet().add(DUE, "ttl:" + message.messageId(), clock.millis() + ttl.toMillis());
    }

    boolean delivered(String messageId) {
        return Boolean.TRUE.equals(redis.hasKey("dsp:delivered:" + messageId));
    }

    void forget(String messageId) {
        redis.opsForZSet().remove(DUE, "ttl:" + messageId, "resume:" + messageId + ":1", "resume:" + messageId + ":2",
                "resume:" + messageId + ":3");
    }

    @KafkaListener(topics = Topics.TRACKING_EVENTS, groupId = "${spring.application.name}-tracking")
    void on(@Payload(required = false) TrackingEvent event) {
        if (event == null || event.status() == null) {
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
        if (event.messageId() == null || event.channel() != Channel.WHATSAPP) {
            return;
        }
        switch (event.status()) {
            case DELIVERED, READ -> {
                redis.execute(DELIVERED, List.of("dsp:delivered:" + event.messageId(), DUE),
                        String.valueOf(Duration.ofDays(1).toSeconds()), "ttl:" + event.messageId());
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
        Set<String> due = redis.opsForZSet().rangeByScore(DUE, 0, clock.millis(), 0, 100);
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
