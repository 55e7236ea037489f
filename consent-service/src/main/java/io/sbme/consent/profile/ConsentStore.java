package io.sbme.consent.profile;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis side of consent: profiles, sealed vault entries and the phone blind index, changed
 * only by atomic scripts so that the vault gate and consent can never be seen out of step.
 *
 * <p>Resolve reads a channel's consent and the vault entry in one script; every change is a
 * compare-and-set of the whole profile that updates vault and index in the same script. Redis runs
 * scripts one at a time, so once a revoke's script has run, no later resolve can see the old
 * consent: the revoke gate holds across any number of service instances.
 *
 * <p>Keys: {@code con:profile:<userId>} (profile JSON), {@code con:vault:<userId>} (sealed number
 * and wrapped data key), {@code con:phoneusers:<HMAC(number)>} (set of the user ids that hold the
 * number: consent belongs to the number, so a reply acts on all of them; {@code con:phoneidx:} is
 * the single-user form written before, still read and released), {@code con:users} (sorted set of
 * user ids by last change, for the admin search), {@code con:confirmations:<HMAC(number)>:<day>}
 * (confirmation messages asked for the number that day).
 */
@Component
class ConsentStore {

    static final String USERS = "con:users";

    /**
     * KEYS: profile, vault. ARGV: channel, field that must be true ({@code granted}, or {@code pending}
     * for the confirmation message). Answers {0} unknown, {1} no consent, {2} no number, {3, sealed, masked}.
     */
    private static final RedisScript<List> RESOLVE = new DefaultRedisScript<>("""
            local raw = redis.call('GET', KEYS[1])
            if not raw then return {0} end
            local profile = cjson.decode(raw)
            local consent = profile['consent']
            if type(consent) ~= 'table' then return {1} end
            local channel = consent[ARGV[1]]
            if type(channel) ~= 'table' or channel[ARGV[2]] ~= true then return {1} end
            local sealed = redis.call('GET', KEYS[2])
            if not sealed then return {2} end
            return {3, sealed, profile['maskedPhone']}
            """, List.class);

    /**
     * KEYS: profile, vault, index set to release, index set to claim, users, single-user index to release.
     * ARGV: expected profile ('' = absent), new profile ('' = delete), vault op (keep|set|delete),
     * sealed value, user id, release index (0|1), claim index (0|1), score.
     * Answers {0} when the profile changed meanwhile, else {1, keys deleted}.
     */
    private static final RedisScript<List> WRITE = new DefaultRedisScript<>("""
            local current = redis.call('GET', KEYS[1])
            if not current then current = '' end
            if current ~= ARGV[1] then return {0} end
            local deleted = 0
            if ARGV[2] == '' then
              deleted = deleted + redis.call('DEL', KEYS[1])
              redis.call('ZREM', KEYS[5], ARGV[5])
            else
              redis.call('SET', KEYS[1], ARGV[2])
              redis.call('ZADD', KEYS[5], ARGV[8], ARGV[5])
            end
            if ARGV[3] == 'set' then
              redis.call('SET', KEYS[2], ARGV[4])
            elseif ARGV[3] == 'delete' then
              deleted = deleted + redis.call('DEL', KEYS[2])
            end
            if ARGV[6] == '1' then
              deleted = deleted + redis.call('SREM', KEYS[3], ARGV[5])
              if redis.call('GET', KEYS[6]) == ARGV[5] then deleted = deleted + redis.call('DEL', KEYS[6]) end
            end
            if ARGV[7] == '1' then redis.call('SADD', KEYS[4], ARGV[5]) end
            return {1, deleted}
            """, List.class);

    private final StringRedisTemplate redis;

    ConsentStore(StringRedisTemplate redis) {
        this.redis = redis;
    }

    static String profileKey(String userId) {
        return "con:profile:" + userId;
    }

    static String vaultKey(String userId) {
        return "con:vault:" + userId;
    }

    static String indexKey(String phoneIndex) {
        return "con:phoneusers:" + phoneIndex;
    }

    /** The single-user index entry written before a number could belong to several profiles. */
    static String legacyIndexKey(String phoneIndex) {
        return "con:phoneidx:" + phoneIndex;
    }

    /** A profile as read, with its exact stored form for the compare-and-set. */
    record Stored(String raw, Profile profile) {
    }

    Optional<Stored> read(String userId) {
        String raw = redis.opsForValue().get(profileKey(userId));
        return raw == null ? Optional.empty() : Optional.of(new Stored(raw, ContractJson.read(raw, Profile.class)));
    }

    /** What a write does to the vault entry. */
    sealed interface VaultChange {
        record Keep() implements VaultChange {
        }

        record Put(String sealed) implements VaultChange {
        }

        record Destroy() implements VaultChange {
        }
    }

    /**
     * Replaces the profile if it is still {@code expected} (null: absent), and in the same atomic
     * step changes the vault entry and the blind index.
     *
     * @param next the new profile, or null to delete it
     * @param releaseIndex an index entry to remove if it still points to this user, or null
     * @param claimIndex an index entry to point to this user, or null
     * @return the number of keys deleted, or empty when the profile changed meanwhile
     */
    Optional<Long> write(String userId, String expected, Profile next, VaultChange vault, String releaseIndex,
                         String claimIndex) {
        String profileKey = profileKey(userId);
        List<String> keys = List.of(profileKey, vaultKey(userId),
                releaseIndex == null ? profileKey : indexKey(releaseIndex),
                claimIndex == null ? profileKey : indexKey(claimIndex), USERS,
                releaseIndex == null ? profileKey : legacyIndexKey(releaseIndex));
        String op = switch (vault) {
            case VaultChange.Keep keep -> "keep";
            case VaultChange.Put put -> "set";
            case VaultChange.Destroy destroy -> "delete";
        };
        String sealed = vault instanceof VaultChange.Put put ? put.sealed() : "";
        long score = next == null || next.updatedAt() == null ? 0 : next.updatedAt().toEpochMilli();
        List<?> answer = redis.execute(WRITE, keys, Objects.requireNonNullElse(expected, ""),
                next == null ? "" : ContractJson.writeString(next), op, sealed, userId,
                releaseIndex == null ? "0" : "1", claimIndex == null ? "0" : "1", Long.toString(score));
        if (answer == null || answer.isEmpty() || ((Number) answer.getFirst()).longValue() == 0) {
            return Optional.empty();
        }
        return Optional.of(((Number) answer.get(1)).longValue());
    }

    /** The outcome of a vault lookup at one instant. */
    sealed interface Resolution {
        record Unknown() implements Resolution {
        }

        record NoConsent() implements Resolution {
        }

        record NoNumber() implements Resolution {
        }

        record Sealed(String sealed, String maskedPhone) implements Resolution {
        }
    }

    /** @param confirmation resolve for the confirmation message: the channel must be pending, not granted */
    Resolution resolve(String userId, Channel channel, boolean confirmation) {
        List<?> answer = redis.execute(RESOLVE, List.of(profileKey(userId), vaultKey(userId)), channel.wireName(),
                confirmation ? "pending" : "granted");
        long code = answer == null || answer.isEmpty() ? 0 : ((Number) answer.getFirst()).longValue();
        return switch ((int) code) {
            case 1 -> new Resolution.NoConsent();
            case 2 -> new Resolution.NoNumber();
            case 3 -> new Resolution.Sealed((String) answer.get(1), answer.size() > 2 ? (String) answer.get(2) : null);
            default -> new Resolution.Unknown();
        };
    }

    /** Every user that holds the number, in no particular order. */
    Set<String> usersByPhoneIndex(String phoneIndex) {
        Set<String> users = new TreeSet<>(Objects.requireNonNullElse(redis.opsForSet().members(indexKey(phoneIndex)),
                Set.of()));
        String legacy = redis.opsForValue().get(legacyIndexKey(phoneIndex));
        if (legacy != null) {
            users.add(legacy);
        }
        return users;
    }

    /** Counts one more confirmation message for the number today; answers the count so far. */
    long countConfirmation(String phoneIndex, LocalDate day) {
        String key = "con:confirmations:" + phoneIndex + ":" + day;
        Long count = redis.opsForValue().increment(key);
        redis.expire(key, Duration.ofDays(2));
        return count == null ? 0 : count;
    }

    /** The sealed number of a user, whatever their consent (the demo's simulated reply needs it). */
    Optional<String> sealed(String userId) {
        return Optional.ofNullable(redis.opsForValue().get(vaultKey(userId)));
    }

    boolean hasVaultEntry(String userId) {
        return Boolean.TRUE.equals(redis.hasKey(vaultKey(userId)));
    }

    /** The most recently changed profiles, newest first, at most {@code limit}. */
    List<Profile> recent(int limit) {
        var ids = redis.opsForZSet().reverseRange(USERS, 0, limit - 1L);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> keys = ids.stream().map(ConsentStore::profileKey).toList();
        List<String> values = redis.opsForValue().multiGet(keys);
        List<Profile> profiles = new ArrayList<>();
        if (values != null) {
            values.stream().filter(Objects::nonNull).forEach(v -> profiles.add(ContractJson.read(v, Profile.class)));
        }
        return profiles;
    }
}
