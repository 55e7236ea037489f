package io.sbme.dashboard.audit;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Topics;
import io.sbme.dashboard.UserDigest;
import io.sbme.dashboard.audit.HashChain.Link;
import io.sbme.support.privacy.Erasable;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log as a redactable hash chain ({@link HashChain}) in Redis, the durable copy of
 * {@code audit-log}: entries are appended as they arrive, once per {@code entryId}, and an erase
 * request makes every link of the user forget who it was.
 *
 * <p>{@code dash:audit:chain} holds the links oldest first, exactly as hashed (never a user id);
 * {@code dash:audit:head} the newest hash; {@code dash:audit:ids} the chained entry ids;
 * {@code dash:audit:openings} each user link's id and salt by seq; {@code dash:audit:user:<userId>}
 * the seqs of a user's links; {@code dash:audit:redacted} the seqs whose user was erased.
 */
@Component
public class AuditChain implements Erasable {

    static final String CHAIN = "dash:audit:chain";
    static final String HEAD = "dash:audit:head";
    static final String IDS = "dash:audit:ids";
    static final String OPENINGS = "dash:audit:openings";
    static final String REDACTED = "dash:audit:redacted";
    static final String USER = "dash:audit:user:";
    static final String ERASED = "dash:audit:erased:";
    private static final int PAGE = 1000;

    // An entry about a user can arrive after that user's erase request (the two come on different
    // topics, read by different consumers, e.g. while catching up after a restart). The erase
    // leaves a marker keyed by a hash of the id (user ids are 128 random bits, so it does not give
    // the id back) for as long as the topic can still deliver such an entry; a link arriving
    // while it stands is redacted at once.
    private static final Duration ERASED_MARKER = Topics.AUDIT_LOG_RETENTION.plus(Topics.AUDIT_LOG_SEGMENT);

    // Compare-and-append: the link is added only if the head is still the hash it was computed
    // from, so two instances appending at once cannot fork the chain; the loser recomputes. The
    // opening is stored in the same step, so an erase never misses a link that is being added.
    private static final DefaultRedisScript<Long> APPEND = new DefaultRedisScript<>("""
            if redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 1 then return 2 end
            local head = redis.call('GET', KEYS[2]) or ARGV[4]
            if head ~= ARGV[1] then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[5])
            redis.call('SADD', KEYS[3], ARGV[3])
            if ARGV[7] == '' then return 1 end
            if redis.call('EXISTS', KEYS[7]) == 1 then
              redis.call('SADD', KEYS[5], ARGV[6])
              return 3
            end
            redis.call('HSET', KEYS[4], ARGV[6], ARGV[7])
            redis.call('SADD', KEYS[6], ARGV[6])
            return 1
            """, Long.class);

    private static final DefaultRedisScript<Long> ERASE = new DefaultRedisScript<>("""
            local seqs = redis.call('SMEMBERS', KEYS[1])
            for _, seq in ipairs(seqs) do
              redis.call('HDEL', KEYS[2], seq)
              redis.call('SADD', KEYS[3], seq)
            end
            redis.call('DEL', KEYS[1])
            redis.call('SET', KEYS[4], '1', 'PX', ARGV[1])
            return #seqs
            """, Long.class);

    private final StringRedisTemplate redis;
    private final SecureRandom random = new SecureRandom();

    AuditChain(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /**
     * Whether the user was erased within the mark's lifetime (the topics' retention): records about
     * them that arrive late, on any topic, are then kept without the id.
     */
    public boolean userErased(String userId) {
        return userId != null && Boolean.TRUE.equals(redis.hasKey(erasedMarker(userId)));
    }

    /** The key whose presence says the user was erased, for scripts that check it in the same round trip. */
    public static String erasedMarker(String userId) {
        return ERASED + UserDigest.of(userId);
    }

    /**
     * Appends an entry; empty when its {@code entryId} was already chained (a redelivery). The
     * answer is {@code redacted} when the entry's user had already been erased.
     */
    public Optional<Link> append(AuditEntry entry) {
        ObjectNode node = ContractJson.mapper().valueToTree(entry);
        String userId = entry.userId();
        // An entry without a user never reads the last two keys; they are named only because a
        // script must declare every key it could touch.
        List<String> keys = List.of(CHAIN, HEAD, IDS, OPENINGS, REDACTED, USER + (userId == null ? "" : userId),
                ERASED + (userId == null ? "" : UserDigest.of(userId)));
        for (int attempt = 0; attempt < 20; attempt++) {
            String head = Optional.ofNullable(redis.opsForValue().get(HEAD)).orElse(HashChain.GENESIS);
            Long seq = redis.opsForList().size(CHAIN);
            byte[] salt = new byte[HashChain.SALT_BYTES];
            random.nextBytes(salt);
            Link link = HashChain.link(seq == null ? 0 : seq, head, node, salt);
            Long result = redis.execute(APPEND, keys, head, write(link), String.valueOf(entry.entryId()),
                    HashChain.GENESIS, link.hash(), String.valueOf(link.seq()), opening(link));
            if (result != null && result == 2L) {
                return Optional.empty();
            }
            if (result != null && result == 1L) {
                return Optional.of(link);
            }
            if (result != null && result == 3L) {
                return Optional.of(new Link(link.seq(), link.prevHash(), link.hash(), link.entry(), null, null, true));
            }
        }
        throw new IllegalStateException("audit chain head kept moving; giving up on entry " + entry.entryId());
    }

    /** The newest {@code limit} links, newest first. */
    public List<Link> latest(int limit) {
        List<Link> links = new ArrayList<>(links(redis.opsForList().range(CHAIN, -limit, -1)));
        Collections.reverse(links);
        return links;
    }

    /** Checks the whole chain, page by page. */
    public HashChain.Verification verify() {
        List<Link> links = new ArrayList<>();
        long size = Optional.ofNullable(redis.opsForList().size(CHAIN)).orElse(0L);
        for (long start = 0; start < size; start += PAGE) {
            links.addAll(links(redis.opsForList().range(CHAIN, start, Math.min(size, start + PAGE) - 1)));
        }
        return HashChain.verify(links);
    }

    /** Forgets who the user's links were about: their id and salt go, commitments and hashes stay. */
    @Override
    public long erase(String userId) {
        if (userId == null || userId.isBlank()) {
            return 0;
        }
        Long redacted = redis.execute(ERASE, List.of(USER + userId, OPENINGS, REDACTED, ERASED + UserDigest.of(userId)),
                String.valueOf(ERASED_MARKER.toMillis()));
        return redacted == null ? 0 : redacted;
    }

    /** The stored links with their openings and redaction marks. */
    private List<Link> links(List<String> raw) {
        if (raw == null || raw.isEmpty()) {
            return List.of();
        }
        List<JsonNode> nodes = raw.stream().map(json -> ContractJson.mapper().readTree(json)).toList();
        List<Object> seqs = nodes.stream().<Object>map(n -> String.valueOf(n.path("seq").asLong())).toList();
        List<Object> openings = redis.opsForHash().multiGet(OPENINGS, seqs);
        Map<Object, Boolean> redacted = redis.opsForSet().isMember(REDACTED, seqs.toArray());
        List<Link> links = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            JsonNode node = nodes.get(i);
            JsonNode opening = openings.get(i) == null ? null : ContractJson.mapper().readTree((String) openings.get(i));
            links.add(new Link(node.path("seq").asLong(), node.path("prevHash").asString(),
                    node.path("hash").asString(), node.path("entry"),
                    opening == null ? null : opening.path("userId").asString(),
                    opening == null ? null : opening.path("salt").asString(),
                    Boolean.TRUE.equals(redacted.get(seqs.get(i)))));
        }
        return links;
    }

    private static String write(Link link) {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("seq", link.seq());
        node.put("prevHash", link.prevHash());
        node.put("hash", link.hash());
        node.set("entry", link.entry());
        return ContractJson.mapper().writeValueAsString(node);
    }

    private static String opening(Link link) {
        if (link.userId() == null) {
            return "";
        }
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("userId", link.userId());
        node.put("salt", link.salt());
        return ContractJson.mapper().writeValueAsString(node);
    }
}
