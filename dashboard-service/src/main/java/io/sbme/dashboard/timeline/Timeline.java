package io.sbme.dashboard.timeline;

import io.sbme.contracts.ContractJson;
import io.sbme.dashboard.DashboardProperties;
import io.sbme.support.privacy.Erasable;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * The latest {@code timelineSize} entries, newest first, in a Redis list ({@code dash:timeline})
 * with a sequence ({@code dash:timeline:seq}) that gives each entry its id.
 */
@Component
public class Timeline implements Erasable {

    static final String LIST = "dash:timeline";
    static final String SEQUENCE = "dash:timeline:seq";
    /** What an erased user id becomes on the timeline. */
    public static final String ERASED = "erased";

    // Atomic so an append racing with the erase cannot shift an index under it. Every mention of
    // the id (the userId field, an audit summary naming the user as its subject) becomes "erased";
    // the user's own entries also lose the masked phone. Type, time and the rest of the text stay.
    private static final DefaultRedisScript<Long> ERASE = new DefaultRedisScript<>("""
            local entries = redis.call('LRANGE', KEYS[1], 0, -1)
            local pattern = string.gsub(ARGV[1], '%W', '%%%0')
            local erased = 0
            for i, raw in ipairs(entries) do
              if string.find(raw, ARGV[1], 1, true) then
                local entry = cjson.decode((string.gsub(raw, pattern, ARGV[2])))
                if entry.userId == ARGV[2] then
                  entry.maskedPhone = nil
                end
                redis.call('LSET', KEYS[1], i - 1, cjson.encode(entry))
                erased = erased + 1
              end
            end
            return erased
            """, Long.class);

    // One round trip per entry (the timeline sees every record of every topic): next id, push, trim.
    // The entry is serialised with a placeholder id the script replaces; unquoted, `"id":-1` can only
    // be the entry's own id property (every other value in an entry is a string or a map of strings).
    static final long UNNUMBERED = -1;
    private static final DefaultRedisScript<Long> APPEND = new DefaultRedisScript<>("""
            local id = redis.call('INCR', KEYS[1])
            local at = string.find(ARGV[1], '"id":-1', 1, true)
            local entry = string.sub(ARGV[1], 1, at - 1) .. '"id":' .. id .. string.sub(ARGV[1], at + 7)
            redis.call('LPUSH', KEYS[2], entry)
            redis.call('LTRIM', KEYS[2], 0, tonumber(ARGV[2]) - 1)
            return id
            """, Long.class);

    private final StringRedisTemplate redis;
    private final int size;

    Timeline(StringRedisTemplate redis, DashboardProperties properties) {
        this.redis = redis;
        this.size = properties.timelineSize();
    }

    /** Appends an entry, giving it the next id; answers the stored entry. */
    public TimelineEntry append(TimelineEntry draft) {
        Long id = redis.execute(APPEND, List.of(SEQUENCE, LIST), ContractJson.writeString(draft.withId(UNNUMBERED)),
                String.valueOf(size));
        return draft.withId(id == null ? 0 : id);
    }

    /** The newest id handed out; 0 before the first entry. */
    public long lastId() {
        String value = redis.opsForValue().get(SEQUENCE);
        return value == null ? 0 : Long.parseLong(value);
    }

    /** Up to {@code limit} matching entries, newest first. */
    public List<TimelineEntry> latest(int limit, Predicate<TimelineEntry> filter) {
        List<TimelineEntry> result = new ArrayList<>();
        for (TimelineEntry entry : all()) {
            if (result.size() >= limit) {
                break;
            }
            if (filter.test(entry)) {
                result.add(entry);
            }
        }
        return result;
    }

    /** Entries newer than {@code lastId}, oldest first (for resuming a stream). */
    public List<TimelineEntry> after(long lastId) {
        List<TimelineEntry> result = new ArrayList<>(all().stream().filter(e -> e.id() > lastId).toList());
        java.util.Collections.reverse(result);
        return result;
    }

    private List<TimelineEntry> all() {
        List<String> raw = redis.opsForList().range(LIST, 0, size - 1);
        return raw == null ? List.of() : raw.stream().map(json -> ContractJson.read(json, TimelineEntry.class)).toList();
    }

    @Override
    public long erase(String userId) {
        if (userId == null || userId.isBlank()) {
            return 0;
        }
        Long erased = redis.execute(ERASE, List.of(LIST), userId, ERASED);
        return erased == null ? 0 : erased;
    }
}
