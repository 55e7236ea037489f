package io.sbme.tracking.inbound;

import io.sbme.contracts.Channel;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.EventType;
import io.sbme.contracts.TrackingStatus;
import io.sbme.support.reply.ReplyKeyword;
import io.sbme.support.web.ApiProblem;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingEvents;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.outbox.Outbox;
import io.sbme.tracking.outbox.OutboxRecord;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClientException;

/**
 * Handles a customer's reply: consent-service learns of it (and acts on its keywords for every
 * profile that holds the number, returning who they are); each opt-out becomes {@code OPTED_OUT},
 * a reply that is no keyword becomes a {@code support_message} event of the profile the number used
 * last, and a WhatsApp reply opens the 24-hour customer-service window ({@code WINDOW_OPENED}) for
 * each profile it did not opt out. Each provider message is handled once.
 */
@Component
public class InboundReplies {

    private static final Logger log = LoggerFactory.getLogger(InboundReplies.class);
    /** Support texts are bounded; the rest is cut. */
    static final int MAX_TEXT = 1_000;
    /** Digit runs that could be a phone number are removed from the text before it enters Kafka. */
    private static final Pattern NUMBER_LIKE = Pattern.compile("\\+?\\d[\\d\\s().-]{5,}\\d");

    private final ConsentClient consent;
    private final Outbox outbox;
    private final StringRedisTemplate redis;
    private final Duration seenTtl;
    private final Clock clock;

    InboundReplies(ConsentClient consent, Outbox outbox, StringRedisTemplate redis, TrackingProperties properties,
                   Clock clock) {
        this.consent = consent;
        this.outbox = outbox;
        this.redis = redis;
        this.seenTtl = properties.seenTtl();
        this.clock = clock;
    }

    /**
     * Handles one inbound message.
     *
     * @throws ApiProblem 503 when consent-service cannot be reached, so the provider retries later
     */
    public void receive(InboundMessage message) {
        String seenKey = Keys.seen(message.providerMessageId(), "inbound");
        if (!Boolean.TRUE.equals(redis.opsForValue().setIfAbsent(seenKey, "1", seenTtl))) {
            return;
        }
        ConsentClient.Answer answer;
        try {
            answer = consent.inbound(message.channel().wireName(), message.from(), message.text(),
                    message.providerMessageId());
        } catch (org.springframework.web.client.HttpClientErrorException e) {
            // consent-service refused this message for good (4xx); a retry would be refused again.
            log.warn("consent-service refused inbound {}: {}", message.providerMessageId(), e.getStatusCode());
            return;
        } catch (RestClientException e) {
            redis.delete(seenKey);
            log.warn("consent-service did not take inbound {}: {}", message.providerMessageId(), e.getClass().getSimpleName());
            throw new ApiProblem(503, "Service Unavailable", "Consent service unavailable; retry later.");
        }
        List<ConsentClient.UserAction> users = answer.each();
        if (users.isEmpty()) {
            log.info("inbound {} from a number nobody opted in with", message.providerMessageId());
            return;
        }
        ReplyKeyword keyword = ReplyKeyword.of(message.text());
        List<OutboxRecord> records = new ArrayList<>();
        if (!keyword.isKeyword()) {
            records.add(OutboxRecord.customer(supportMessage(users.getFirst().userId(), message)));
        }
        for (ConsentClient.UserAction user : users) {
            boolean revoked = "revoked".equals(user.action());
            if (revoked) {
                records.add(TrackingEvents.user(user.userId(), message.channel(), TrackingStatus.OPTED_OUT,
                        "keyword " + ReplyKeyword.normalise(message.text()), message.at()));
            } else if (message.channel() == Channel.WHATSAPP) {
                records.add(TrackingEvents.user(user.userId(), Channel.WHATSAPP, TrackingStatus.WINDOW_OPENED,
                        "customer replied", message.at()));
            }
        }
        try {
            outbox.append(records);
        } catch (RuntimeException e) {
            // Forget it so that the provider's retry is handled.
            redis.delete(seenKey);
            throw e;
        }
    }

    private CustomerEvent supportMessage(String userId, InboundMessage message) {
        String text = NUMBER_LIKE.matcher(message.text()).replaceAll("[number removed]");
        if (text.length() > MAX_TEXT) {
            text = text.substring(0, MAX_TEXT);
        }
        return new CustomerEvent(CustomerEvent.SCHEMA_VERSION, UUID.randomUUID().toString(), userId,
                EventType.SUPPORT_MESSAGE, message.at(), clock.instant(), "tracking", null, null, null, text,
                message.channel(), null, null);
    }
}
