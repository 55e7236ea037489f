package io.sbme.dashboard.audit;

import io.sbme.contracts.ContractJson;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * The hash chain over audit entries: {@code hash = SHA-256(prevHash + canonicalJson(entry))}, hex,
 * with 64 zeros before the first entry. Canonical JSON sorts object keys at every depth and omits
 * nulls, so the hash depends on the entry's content only, not on how it was serialised. Pure.
 */
public final class HashChain {

    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);

    private HashChain() {
    }

    /** A stored link: the entry and the two hashes that tie it to the one before. */
    public record Link(long seq, String prevHash, String hash, JsonNode entry) {
    }

    /** The outcome of checking a chain. {@code firstBadEntry} is the seq of the first broken link. */
    public record Verification(boolean valid, long entries, Long firstBadEntry) {
    }

    public static String hash(String prevHash, JsonNode entry) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
            sha.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String canonical(JsonNode node) {
        return ContractJson.mapper().writeValueAsString(sorted(node));
    }

    /** Checks links in order: each must point at the previous hash and hash to what it claims. */
    public static Verification verify(List<Link> links) {
        String previous = GENESIS;
        for (Link link : links) {
            if (!previous.equals(link.prevHash()) || !hash(link.prevHash(), link.entry()).equals(link.hash())) {
                return new Verification(false, links.size(), link.seq());
            }
            previous = link.hash();
        }
        return new Verification(true, links.size(), null);
    }

    private static Object sorted(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new TreeMap<>();
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                Object value = sorted(field.getValue());
                if (value != null) {
                    map.put(field.getKey(), value);
                }
            }
            return map;
        }
        if (node.isArray()) {
            List<Object> list = new ArrayList<>();
            node.forEach(element -> list.add(sorted(element)));
            return list;
        }
        return node;
    }
}
