package io.sbme.dashboard.timeline;

import io.sbme.contracts.ContractJson;
import io.sbme.dashboard.DashboardProperties;
import io.sbme.dashboard.audit.AuditChain;
import io.sbme.dashboard.metrics.MetricsStore;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.stereotype.Component;

/**
 * Records each customer event in one Redis round trip: once only (its "seen" marker), on the
 * timeline, and remembered for the journey of a decision it causes, without the user's id when
 * the user had been erased.
 *
 * <p>Customer events are the high-volume topic: done as separate calls (erase check, counter
 * script, timeline script, remembered entry) this was four round trips and most of the
 * dashboard's CPU per event. The script does what {@link MetricsStore#apply}, {@link Timeline#append}
 * and remembering the anonymous entry for {@link Journeys} did for an event, which moves no counter, and checks the erase
 * mark in the same atomic step, so an erase can no longer slip in between the check and the write.
 */
@Component
public class CustomerEventLog {

    // KEYS: seen marker, counters' version, erase mark, timeline sequence, timeline, remembered event.
    // ARGV: seen TTL, entry (its id the -1 placeholder, see Timeline), user id or '', timeline size,
    // remembered entry, its TTL. An erased user's id becomes "erased" in both texts and the masked
    // phone is dropped, as TimelineEntries.erased and the timeline's erase do.
    private static final DefaultRedisScript<Long> RECORD = new DefaultRedisScript<>("""
            if not redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then return 0 end
            redis.call('INCR', KEYS[2])
            local id = redis.call('INCR', KEYS[4])
            local at = string.find(ARGV[2], '"id":-1', 1, true)
            local entry = string.sub(ARGV[2], 1, at - 1) .. '"id":' .. id .. string.sub(ARGV[2], at + 7)
            local remembered = ARGV[5]
            if ARGV[3] ~= '' and redis.call('EXISTS', KEYS[3]) == 1 then
              local pattern = string.gsub(ARGV[3], '%W', '%%%0')
              local renamed = cjson.decode((string.gsub(entry, pattern, 'erased')))
              renamed.maskedPhone = nil
              entry = cjson.encode(renamed)
              remembered = (string.gsub(remembered, pattern, 'erased'))
            end
            redis.call('LPUSH', KEYS[5], entry)
            redis.call('LTRIM', KEYS[5], 0, tonumber(ARGV[4]) - 1)
            redis.call('SET', KEYS[6], remembered, 'EX', ARGV[6])
            return id
            """, Long.class);

    private final StringRedisTemplate redis;
    private final int timelineSize;
    private final Duration retention;

    CustomerEventLog(StringRedisTemplate redis, DashboardProperties properties) {
        this.redis = redis;
        this.timelineSize = properties.timelineSize();
        this.retention = properties.eventRetention();
    }

    /** Records the event's entry unless the event was recorded before; answers whether it was new. */
    public boolean record(String eventId, String userId, TimelineEntry entry) {
        String user = userId == null ? "" : userId;
        List<String> keys = List.of(MetricsStore.seenKey("event:" + eventId), MetricsStore.VERSION,
                AuditChain.erasedMarker(user), Timeline.SEQUENCE, Timeline.LIST, Journeys.eventKey(eventId));
        String seconds = String.valueOf(Math.max(1, retention.toSeconds()));
        Long id = redis.execute(RECORD, keys, seconds, ContractJson.writeString(entry.withId(Timeline.UNNUMBERED)),
                user, String.valueOf(timelineSize), ContractJson.writeString(entry.anonymous()), seconds);
        return id != null && id > 0;
    }
}
