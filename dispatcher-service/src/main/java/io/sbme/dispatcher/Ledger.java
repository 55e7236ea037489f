package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.MessageComposed;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The idempotency ledger: {@code dsp:ledger:<messageId>:<channel>} says how far a message got on a
 * channel, shared by every dispatcher instance. A channel is claimed atomically <em>before</em> the
 * provider call, so a record redelivered after a crash finds the claim and never makes a second
 * request. Only an explicit transient failure ({@code retry}) may be claimed again.
 *
 * <p>Values are {@link LedgerState}s; a sent one keeps a {@code ProviderIds} digest, never the
 * provider's id (Meta's embeds the number).
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

    LedgerState state(String messageId, Channel channel) {
        return LedgerState.parse(redis.opsForValue().get(key(messageId, channel)));
    }

    /** Claims the channel for one provider request; answers the attempt number, or 0 when it is already claimed. */
    int claim(String messageId, Channel channel) {
        Long attempt = redis.execute(CLAIM, List.of(key(messageId, channel), attemptKey(messageId, channel)),
                String.valueOf(KEEP.toSeconds()));
        return attempt == null ? 0 : attempt.intValue();
    }

    /** What {@link #look} found: each planned channel's ledger state, and whether the user's 24-hour window is open. */
    record Outlook(List<LedgerState> states, boolean insideWindow) {
    }

    /**
     * Everything a dispatch needs to know before its first gate, in one round trip: indexes the message
     * under its user (so an erase request finds the ledger entries), answers whether the user's WhatsApp
     * window is open, then each planned channel's state. A script rather than a pipeline: Lettuce runs
     * a pipeline on a dedicated connection, opened and closed for every call, which cost more than the
     * commands themselves.
     */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> LOOK = RedisScript.of("""
            redis.call('SADD', KEYS[1], ARGV[1])
            redis.call('EXPIRE', KEYS[1], ARGV[2])
            local reply = {redis.call('EXISTS', KEYS[2])}
            for i = 3, #KEYS do
              reply[#reply + 1] = redis.call('GET', KEYS[i])
            end
            return reply
            """, List.class);

    Outlook look(MessageComposed message, List<Channel> plan) {
        List<String> keys = new ArrayList<>();
        keys.add(DispatcherErasure.userKey(message.userId()));
        keys.add(DeliveryWatch.windowKey(message.userId()));
        plan.forEach(c -> keys.add(key(message.messageId(), c)));
        List<?> reply = redis.execute(LOOK, keys, message.messageId(), String.valueOf(KEEP.toSeconds()));
        List<LedgerState> states = new ArrayList<>(plan.size());
        for (int i = 1; i <= plan.size(); i++) {
            Object state = reply.size() > i ? reply.get(i) : null;
            states.add(state == null ? null : LedgerState.parse(state.toString()));
        }
        return new Outlook(states, Long.valueOf(1).equals(reply.getFirst()));
    }

    /**
     * Lua that settles a cut-off claim as sent, for scripts that do it along with other work: the key
     * {@code KEYS[1]}, the digest {@code ARGV[1]}, the seconds to keep {@code ARGV[2]}; {@code inflight:<n>}
     * becomes {@code sent:<digest>} and {@code settled} is 1, any other state stays and it is 0.
     */
    static final String SETTLE_LUA = """
            local settled = 0
            local claim = redis.call('GET', KEYS[1])
            if claim and string.sub(claim, 1, 9) == 'inflight:' then
              redis.call('SET', KEYS[1], 'sent:' .. ARGV[1], 'EX', tonumber(ARGV[2]))
              settled = 1
            end
            """;
    private static final RedisScript<Long> SETTLE = RedisScript.of(SETTLE_LUA + "return settled\n", Long.class);

    /**
     * Marks a channel whose provider request was cut off as sent, when a receipt proves the provider
     * accepted it; answers whether it was in flight (exactly one caller gets true).
     */
    boolean settleInFlight(String messageId, Channel channel, String providerDigest) {
        Long settled = redis.execute(SETTLE, List.of(key(messageId, channel)), settleArgs(providerDigest));
        return settled != null && settled == 1;
    }

    /** {@code ARGV[1]} and {@code ARGV[2]} of {@link #SETTLE_LUA}. */
    static String[] settleArgs(String providerDigest) {
        return new String[] {providerDigest == null ? "" : providerDigest, String.valueOf(KEEP.toSeconds())};
    }

    int attempts(String messageId, Channel channel) {
        String counter = redis.opsForValue().get(attemptKey(messageId, channel));
        return counter == null ? 0 : Integer.parseInt(counter);
    }

    void mark(String messageId, Channel channel, LedgerState state) {
        redis.opsForValue().set(key(messageId, channel), state.wire(), KEEP);
    }

    static String attemptKey(String messageId, Channel channel) {
        return "dsp:attempt:" + messageId + ":" + wire(channel);
    }

    static String key(String messageId, Channel channel) {
        return "dsp:ledger:" + messageId + ":" + wire(channel);
    }

    static String wire(Channel channel) {
        return channel.name().toLowerCase(Locale.ROOT);
    }
}
