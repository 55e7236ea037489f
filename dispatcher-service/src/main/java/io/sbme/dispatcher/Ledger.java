package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.MessageComposed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The idempotency ledger: {@code dsp:ledger:<messageId>:<channel>} says how far a message got on a
 * channel, shared by every dispatcher instance. A channel is claimed atomically <em>before</em> the
 * provider call, so a record redelivered after a crash finds the claim and never makes a second
 * request. Only an explicit transient failure ({@code retry}) may be claimed again.
 *
 * <p>Values: {@code inflight:<attempt>}, {@code sent:<provider id digest>} (a {@code ProviderIds}
 * digest, never the provider's id: Meta's embeds the number), {@code retry}, {@code failed:<cause>},
 * {@code skipped:<cause>}, {@code expired}, {@code dead}, {@code cancelled}.
 */
@Component
class Ledger {

    static final Duration KEEP = Duration.ofDays(7);

    /**
     * SET NX, or take over a {@code retry} mark: the one atomic claim before a provider call. Counts
     * the attempt in the same step and answers its number, or 0 when the channel is already claimed.
     */
    private static final RedisScript<Long> CLAIM = RedisScript.of("""
            local current = redis.call('GET', KEYS[1])
            if (not current) or current == 'retry' then
              local attempt = redis.call('INCR', KEYS[2])
              redis.call('EXPIRE', KEYS[2], tonumber(ARGV[1]))
              redis.call('SET', KEYS[1], 'inflight:' .. attempt, 'EX', tonumber(ARGV[1]))
              return attempt
            end
            return 0
            """, Long.class);

    private final StringRedisTemplate redis;

    Ledger(StringRedisTemplate redis) {
        this.redis = redis;
    }

    String state(String messageId, Channel channel) {
        return redis.opsForValue().get(key(messageId, channel));
    }

    /** Claims the channel for one provider request; answers the attempt number, or 0 when it is already claimed. */
    int claim(String messageId, Channel channel) {
        Long attempt = redis.execute(CLAIM, List.of(key(messageId, channel), attemptKey(messageId, channel)),
                String.valueOf(KEEP.toSeconds()));
        return attempt == null ? 0 : attempt.intValue();
    }

    /** What {@link #look} found: each planned channel's ledger state, and whether the user's 24-hour window is open. */
    record Outlook(List<String> states, boolean insideWindow) {
    }

    /**
     * Everything a dispatch needs to know before its first gate, in one pipelined round trip: indexes
     * the message under its user (so an erase request finds the ledger entries), reads each planned
     * channel's state, and whether the user's WhatsApp window is open. Round trips, not Redis work,
     * are what a message costs here, so they are batched.
     */
    Outlook look(MessageComposed message, List<Channel> plan) {
        String userKey = DispatcherErasure.userKey(message.userId());
        List<String> keys = plan.stream().map(c -> key(message.messageId(), c)).toList();
        List<Object> replies = redis.executePipelined((RedisCallback<Object>) connection -> {
            connection.setCommands().sAdd(bytes(userKey), bytes(message.messageId()));
            connection.keyCommands().expire(bytes(userKey), KEEP.toSeconds());
            connection.keyCommands().exists(bytes(DeliveryWatch.windowKey(message.userId())));
            if (!keys.isEmpty()) {
                connection.stringCommands().mGet(keys.stream().map(Ledger::bytes).toArray(byte[][]::new));
            }
            return null;
        });
        @SuppressWarnings("unchecked")
        List<String> states = keys.isEmpty() ? List.of() : (List<String>) replies.get(3);
        return new Outlook(states, Boolean.TRUE.equals(replies.get(2)));
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    int attempts(String messageId, Channel channel) {
        String counter = redis.opsForValue().get(attemptKey(messageId, channel));
        return counter == null ? 0 : Integer.parseInt(counter);
    }

    void mark(String messageId, Channel channel, String state) {
        redis.opsForValue().set(key(messageId, channel), state, KEEP);
    }

    static String attemptKey(String messageId, Channel channel) {
        return "dsp:attempt:" + messageId + ":" + wire(channel);
    }

    /** Whether the channel went (or may have gone) to the provider: a redelivery must not send again. */
    static boolean attempted(String state) {
        return state != null && (state.startsWith("sent:") || state.startsWith("inflight:"));
    }

    /** Whether the channel is done with, one way or another, and the next one may be tried. */
    static boolean givenUp(String state) {
        return state != null && !attempted(state) && !state.equals("retry");
    }

    static String key(String messageId, Channel channel) {
        return "dsp:ledger:" + messageId + ":" + wire(channel);
    }

    static String wire(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
