package io.sbme.dashboard.stages;

import io.sbme.contracts.ContractJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * What went wrong inside the pipeline, for admins: the records each stage set aside on a
 * dead-letter topic, and the restarts of a stage whose process stopped in the middle of a record.
 * Holds no record content and no user id, only where a record was and why it was set aside.
 */
@Component
public class StageTroubles {

    static final String DEAD_LETTERS = "dash:dlt:index";
    static final String DEAD_LETTER_COUNTS = "dash:dlt:counts";
    static final String RESTARTS = "dash:restarts:index";
    static final String RESTART_COUNTS = "dash:restarts:counts";
    /** Long enough for an admin to look; the counts stay. */
    private static final Duration KEEP = Duration.ofDays(14);
    private static final int KEEP_NEWEST = 1000;

    /** One record a stage set aside: where it was, which stage gave up on it, and why. */
    public record DeadLetter(String stage, String topic, int partition, long offset, String reason,
                             boolean valueDropped, Instant at) {
    }

    /** A stage that restarted after its previous process stopped in the middle of a record. */
    public record Restart(String service, String partition, String offset, String starts, Instant at) {
    }

    /** Counts since the start, and the newest entries. */
    public record Report(long deadLetters, long restarts, Map<String, Long> deadLettersByStage,
                         Map<String, Long> restartsByService, List<DeadLetter> recentDeadLetters,
                         List<Restart> recentRestarts) {
    }

    private final StringRedisTemplate redis;
    private final Clock clock;

    StageTroubles(StringRedisTemplate redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    /**
     * Counts a dead letter once, however often the dashboard reads it.
     *
     * @param id where the dead letter itself is ({@code topic:partition:offset}), which makes it unique
     */
    void deadLetter(String id, DeadLetter entry) {
        if (!add(DEAD_LETTERS, id, entry.at())) {
            return;
        }
        redis.opsForValue().set(key(DEAD_LETTERS, id), ContractJson.writeString(entry), KEEP);
        redis.opsForHash().increment(DEAD_LETTER_COUNTS, entry.stage() + " " + entry.topic() + " "
                + io.sbme.support.poison.DeadLetterReason.code(entry.reason()), 1);
    }

    /** Counts a restart once, by its audit entry id. */
    public void restart(String entryId, Restart restart) {
        if (!add(RESTARTS, entryId, restart.at())) {
            return;
        }
        redis.opsForValue().set(key(RESTARTS, entryId), ContractJson.writeString(restart), KEEP);
        redis.opsForHash().increment(RESTART_COUNTS, restart.service(), 1);
    }

    Report report(int limit) {
        Map<String, Long> deadLetters = counts(DEAD_LETTER_COUNTS);
        Map<String, Long> restarts = counts(RESTART_COUNTS);
        return new Report(deadLetters.values().stream().mapToLong(Long::longValue).sum(),
                restarts.values().stream().mapToLong(Long::longValue).sum(), deadLetters, restarts,
                newest(DEAD_LETTERS, limit, DeadLetter.class), newest(RESTARTS, limit, Restart.class));
    }

    private boolean add(String index, String id, Instant at) {
        Boolean added = redis.opsForZSet().addIfAbsent(index, id, (at == null ? clock.instant() : at).toEpochMilli());
        if (!Boolean.TRUE.equals(added)) {
            return false;
        }
        redis.opsForZSet().removeRange(index, 0, -KEEP_NEWEST - 1);
        return true;
    }

    private Map<String, Long> counts(String key) {
        Map<String, Long> counts = new TreeMap<>();
        redis.<String, String>opsForHash().entries(key).forEach((field, value) -> counts.put(field, Long.parseLong(value)));
        return counts;
    }

    private <T> List<T> newest(String index, int limit, Class<T> type) {
        Set<String> ids = redis.opsForZSet().reverseRange(index, 0, limit - 1);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        List<String> values = redis.opsForValue().multiGet(ids.stream().map(id -> key(index, id)).toList());
        List<T> entries = new ArrayList<>();
        if (values != null) {
            values.stream().filter(Objects::nonNull).forEach(v -> entries.add(ContractJson.read(v, type)));
        }
        return entries;
    }

    private static String key(String index, String id) {
        return index.replace(":index", ":") + id;
    }
}
