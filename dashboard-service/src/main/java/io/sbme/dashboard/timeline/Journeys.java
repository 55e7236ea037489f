package io.sbme.dashboard.timeline;

import io.sbme.contracts.ContractJson;
import io.sbme.dashboard.DashboardProperties;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * Each message's steps (decision, composition, attempts, statuses, click, conversion) in
 * {@code dash:journey:<messageId>}, and recent customer events in {@code dash:event:<eventId>} so
 * a decision can show the event that caused it. Steps carry no user id or phone, so an erase
 * request has nothing to remove here.
 */
@Component
public class Journeys {

    /** The order steps are shown in; within a step kind, by time. */
    static final List<String> ORDER = List.of("event", "decision", "composition", "attempt", "status", "click",
            "conversion", "optout");
    private static final int MAX_STEPS = 100;
    // A script, not a pipeline: Lettuce opens a dedicated connection for every pipeline.
    private static final RedisScript<Long> ADD_STEP = RedisScript.of("""
            redis.call('RPUSH', KEYS[1], ARGV[1])
            redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
            redis.call('EXPIRE', KEYS[1], ARGV[3])
            return 1
            """, Long.class);

    private final StringRedisTemplate redis;
    private final Duration retention;

    Journeys(StringRedisTemplate redis, DashboardProperties properties) {
        this.redis = redis;
        this.retention = properties.journeyRetention();
    }

    /** A message's journey with timings. */
    public record Journey(String messageId, String flow, List<Step> steps, Long totalMs) {
    }

    /**
     * One step.
     *
     * @param sinceStartMs milliseconds from the first step
     * @param sincePreviousMs milliseconds from the step before
     */
    public record Step(String step, Instant at, Long sinceStartMs, Long sincePreviousMs, String summary,
                       String channel, Map<String, String> details) {
    }

    public void addStep(TimelineEntry entry) {
        if (entry.messageId() == null || !ORDER.contains(entry.type())) {
            return;
        }
        // One round trip for the three commands: every message's steps pass through here.
        redis.execute(ADD_STEP, List.of("dash:journey:" + entry.messageId()),
                ContractJson.writeString(entry.anonymous()), String.valueOf(MAX_STEPS), String.valueOf(retention.toSeconds()));
    }

    /** Where {@link CustomerEventLog} remembers an event, anonymous, for the journey of a decision it causes. */
    static String eventKey(String eventId) {
        return "dash:event:" + eventId;
    }

    public Optional<Journey> of(String messageId) {
        List<String> raw = redis.opsForList().range("dash:journey:" + messageId, 0, -1);
        if (raw == null || raw.isEmpty()) {
            return Optional.empty();
        }
        List<TimelineEntry> entries = new ArrayList<>(raw.stream().map(j -> ContractJson.read(j, TimelineEntry.class)).toList());
        entries.stream().filter(e -> "decision".equals(e.type()) && e.details() != null)
                .map(e -> e.details().get("eventId")).filter(java.util.Objects::nonNull).findFirst()
                .map(eventId -> redis.opsForValue().get(eventKey(eventId)))
                .map(json -> ContractJson.read(json, TimelineEntry.class))
                .ifPresent(entries::add);
        entries.sort(Comparator.comparingInt((TimelineEntry e) -> ORDER.indexOf(e.type())).thenComparing(TimelineEntry::at));
        Instant start = entries.stream().map(TimelineEntry::at).min(Comparator.naturalOrder()).orElseThrow();
        Instant end = entries.stream().map(TimelineEntry::at).max(Comparator.naturalOrder()).orElseThrow();
        List<Step> steps = new ArrayList<>();
        Instant previous = null;
        for (TimelineEntry e : entries) {
            steps.add(new Step(e.type(), e.at(), Duration.between(start, e.at()).toMillis(),
                    previous == null ? null : Duration.between(previous, e.at()).toMillis(), e.summary(), e.channel(),
                    e.details()));
            previous = e.at();
        }
        String flow = entries.stream().map(TimelineEntry::flow).filter(java.util.Objects::nonNull).findFirst().orElse(null);
        return Optional.of(new Journey(messageId, flow, steps, Duration.between(start, end).toMillis()));
    }
}
