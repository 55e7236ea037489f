package io.sbme.dashboard.audit;

import com.fasterxml.jackson.annotation.JsonIgnore;
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
import tools.jackson.databind.node.ObjectNode;

/**
 * The redactable hash chain over audit entries. Pure.
 *
 * <p>{@code hash = SHA-256(prevHash + canonicalJson(entry))}, hex, with 64 zeros before the first
 * entry. Canonical JSON sorts object keys at every depth and omits nulls, so the hash depends on
 * the entry's content only, not on how it was serialised.
 *
 * <p>The hashed entry never holds a user id: it holds {@code userCommitment = SHA-256(salt || userId)}
 * instead, with a random salt kept beside the link together with the id. Erasing a user destroys
 * both (the link is then {@code redacted}); the commitment stays, so the chain still verifies, and
 * without the salt it can no longer be tied to the user, not even by someone who guesses the id.
 */
public final class HashChain {

    /** The "previous hash" of the first entry. */
    public static final String GENESIS = "0".repeat(64);
    /** The hashed entry's field that stands for its user. */
    static final String COMMITMENT = "userCommitment";
    static final int SALT_BYTES = 32;

    private HashChain() {
    }

    /**
     * A stored link: the entry as hashed, the two hashes that tie it to the one before, and the
     * opening of the entry's user commitment while the user is known.
     *
     * @param userId the user the entry concerns; null when it concerns none or the user was erased
     * @param salt hex; null exactly when {@code userId} is
     * @param redacted the user was erased: id and salt are destroyed, the commitment remains
     */
    public record Link(long seq, String prevHash, String hash, JsonNode entry, String userId,
                       @JsonIgnore String salt, boolean redacted) {
    }

    /** The outcome of checking a chain. {@code firstBadEntry} is the seq of the first broken link. */
    public record Verification(boolean valid, long entries, Long firstBadEntry) {
    }

    /**
     * The link for an entry: the user id (if any) moves out of the entry into the link, and the
     * entry gets the commitment to it in its place.
     *
     * @param entry an audit entry as JSON; not modified
     * @param salt {@link #SALT_BYTES} random bytes; unused when the entry names no user
     */
    public static Link link(long seq, String prevHash, ObjectNode entry, byte[] salt) {
        ObjectNode hashed = entry.deepCopy();
        JsonNode user = hashed.remove("userId");
        String userId = user == null || user.isNull() ? null : user.asString();
        String saltHex = null;
        if (userId != null) {
            if (salt.length != SALT_BYTES) {
                throw new IllegalArgumentException("salt must have " + SALT_BYTES + " bytes, got " + salt.length);
            }
            saltHex = HexFormat.of().formatHex(salt);
            hashed.put(COMMITMENT, commitment(saltHex, userId));
        }
        return new Link(seq, prevHash, hash(prevHash, hashed), hashed, userId, saltHex, false);
    }

    /** {@code SHA-256(salt || userId)}, hex; the salt as bytes, the id as UTF-8. */
    public static String commitment(String saltHex, String userId) {
        MessageDigest sha = sha256();
        sha.update(HexFormat.of().parseHex(saltHex));
        sha.update(userId.getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String hash(String prevHash, JsonNode entry) {
        MessageDigest sha = sha256();
        sha.update(prevHash.getBytes(StandardCharsets.UTF_8));
        sha.update(canonical(entry).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(sha.digest());
    }

    public static String canonical(JsonNode node) {
        return ContractJson.mapper().writeValueAsString(sorted(node));
    }

    /**
     * Checks links in order: each must point at the previous hash and hash to what it claims; a
     * link with a user commitment must either open it (its id and salt give that commitment) or be
     * redacted, and a link without one must hold no user.
     */
    public static Verification verify(List<Link> links) {
        String previous = GENESIS;
        for (Link link : links) {
            if (!previous.equals(link.prevHash()) || !hash(link.prevHash(), link.entry()).equals(link.hash())
                    || !opens(link)) {
                return new Verification(false, links.size(), link.seq());
            }
            previous = link.hash();
        }
        return new Verification(true, links.size(), null);
    }

    private static boolean opens(Link link) {
        JsonNode commitment = link.entry().get(COMMITMENT);
        if (commitment == null) {
            return link.userId() == null && link.salt() == null && !link.redacted();
        }
        if (link.redacted()) {
            return link.userId() == null && link.salt() == null;
        }
        return link.userId() != null && link.salt() != null
                && commitment(link.salt(), link.userId()).equals(commitment.asString());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
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
