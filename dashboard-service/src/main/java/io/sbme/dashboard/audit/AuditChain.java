package io.sbme.dashboard.audit;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.ContractJson;
import io.sbme.dashboard.audit.HashChain.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The audit log as a hash chain in Redis: {@code dash:audit:chain} holds the links oldest first,
 * {@code dash:audit:head} the newest hash. Entries are appended as they arrive from
 * {@code audit-log}, once per {@code entryId}.
 */
@Component
public class AuditChain {

    static final String CHAIN = "dash:audit:chain";
    static final String HEAD = "dash:audit:head";
    private static final int PAGE = 1000;

    // Compare-and-append: the link is added only if the head is still the hash it was computed
    // from, so two instances appending at once cannot fork the chain; the loser recomputes.
    private static final DefaultRedisScript<Long> APPEND = new DefaultRedisScript<>("""
            if redis.call('SISMEMBER', KEYS[3], ARGV[3]) == 1 then return 2 end
            local head = redis.call('GET', KEYS[2]) or ARGV[4]
            if head ~= ARGV[1] then return 0 end
            redis.call('RPUSH', KEYS[1], ARGV[2])
            redis.call('SET', KEYS[2], ARGV[5])
            redis.call('SADD', KEYS[3], ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;

    AuditChain(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Appends an entry; empty when its {@code entryId} was already chained (a redelivery). */
    public Optional<Link> append(AuditEntry entry) {
        JsonNode node = ContractJson.mapper().valueToTree(entry);
        for (int attempt = 0; attempt < 20; attempt++) {
            String head = Optional.ofNullable(redis.opsForValue().get(HEAD)).orElse(HashChain.GENESIS);
            Long seq = redis.opsForList().size(CHAIN);
            Link link = new Link(seq == null ? 0 : seq, head, HashChain.hash(head, node), node);
            Long result = redis.execute(APPEND, List.of(CHAIN, HEAD, "dash:audit:ids"),
                    head, write(link), String.valueOf(entry.entryId()), HashChain.GENESIS, link.hash());
            if (result != null && result == 2L) {
                return Optional.empty();
            }
            if (result != null && result == 1L) {
                return Optional.of(link);
            }
        }
        throw new IllegalStateException("audit chain head kept moving; giving up on entry " + entry.entryId());
    }

    /** The newest {@code limit} links, newest first. */
    public List<Link> latest(int limit) {
        List<String> raw = redis.opsForList().range(CHAIN, -limit, -1);
        List<Link> links = new ArrayList<>(raw == null ? List.of() : raw.stream().map(AuditChain::read).toList());
        java.util.Collections.reverse(links);
        return links;
    }

    /** Checks the whole chain, page by page. */
    public HashChain.Verification verify() {
        List<Link> links = new ArrayList<>();
        long size = Optional.ofNullable(redis.opsForList().size(CHAIN)).orElse(0L);
        for (long start = 0; start < size; start += PAGE) {
            List<String> page = redis.opsForList().range(CHAIN, start, Math.min(size, start + PAGE) - 1);
            if (page != null) {
                page.forEach(json -> links.add(read(json)));
            }
        }
        return HashChain.verify(links);
    }

    private static String write(Link link) {
        ObjectNode node = ContractJson.mapper().createObjectNode();
        node.put("seq", link.seq());
        node.put("prevHash", link.prevHash());
        node.put("hash", link.hash());
        node.set("entry", link.entry());
        return ContractJson.mapper().writeValueAsString(node);
    }

    private static Link read(String json) {
        JsonNode node = ContractJson.mapper().readTree(json);
        return new Link(node.path("seq").asLong(), node.path("prevHash").asString(), node.path("hash").asString(),
                node.path("entry"));
    }
}
