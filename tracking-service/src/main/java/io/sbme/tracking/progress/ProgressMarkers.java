package io.sbme.tracking.progress;

import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.tracking.Keys;
import io.sbme.tracking.TrackingProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.PartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes tracking's progress: a {@code progress} record on every partition of
 * {@code tracking-events}, sent by the outbox relay after the records before it were acknowledged,
 * so a consumer that reads one on a partition has read every receipt before its watermark there.
 * The dispatcher falls back for want of a {@code delivered} only for deadlines the slowest partition's
 * watermark has passed; with no webhook at all the watermark still follows the clock, so an
 * undelivered message does fall back.
 *
 * <p>What was last published is kept in Redis ({@link Keys#progress()}), so the instance that takes
 * the relay over, or this one after a restart, goes on from it and sees how long nothing was published.
 */
@Component
public class ProgressMarkers {

    private static final Logger log = LoggerFactory.getLogger(ProgressMarkers.class);
    private static final Duration SEND_GUARD = Duration.ofSeconds(30);

    private final StringRedisTemplate redis;
    private final KafkaTemplate<String, Object> kafka;
    private final TrackingProperties.Progress rules;
    private final Clock clock;
    private volatile Instant lastTick = Instant.EPOCH;

    ProgressMarkers(StringRedisTemplate redis, KafkaTemplate<String, Object> kafka, TrackingProperties properties,
                    Clock clock) {
        this.redis = redis;
        this.kafka = kafka;
        this.rules = properties.progress();
        this.clock = clock;
    }

    /**
     * Called by the relay holding the lease when it has read the whole outbox at {@code publishedUpTo}
     * and the broker acknowledged all of it; publishes at most once per interval.
     *
     * @throws InterruptedException when the relay stops
     */
    public void publishedUpTo(Instant publishedUpTo) throws InterruptedException {
        Instant now = clock.instant();
        if (Duration.between(lastTick, now).compareTo(rules.interval()) < 0) {
            return;
        }
        Watermark next = current().next(now, publishedUpTo, oldestParked(now), rules);
        if (next.watermark() != null && !publish(next.watermark())) {
            return;
        }
        redis.opsForHash().putAll(Keys.progress(), fields(next));
        lastTick = now;
    }

    /** What was last published, from Redis. */
    public Watermark current() {
        Map<Object, Object> stored = redis.opsForHash().entries(Keys.progress());
        return new Watermark(instant(stored.get("watermark")), instant(stored.get("tickAt")), instant(stored.get("holdUntil")));
    }

    private boolean publish(Instant watermark) throws InterruptedException {
        List<PartitionInfo> partitions = kafka.partitionsFor(Topics.TRACKING_EVENTS);
        List<CompletableFuture<?>> sends = new ArrayList<>();
        for (PartitionInfo partition : partitions) {
            sends.add(kafka.send(Topics.TRACKING_EVENTS, partition.partition(), null, marker(watermark)));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(SEND_GUARD.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException | TimeoutException e) {
            log.warn("tracking progress was not acknowledged: {}", e.toString());
            return false;
        }
    }

    private Instant oldestParked(Instant now) {
        // Parked statuses older than the hold no longer stop progress: their message may never come.
        long from = now.minus(rules.parkedHold()).toEpochMilli();
        redis.opsForZSet().removeRangeByScore(Keys.parked(), Double.NEGATIVE_INFINITY, from - 1);
        Set<ZSetOperations.TypedTuple<String>> oldest = redis.opsForZSet().rangeWithScores(Keys.parked(), 0, 0);
        return oldest == null || oldest.isEmpty() ? null
                : Instant.ofEpochMilli(oldest.iterator().next().getScore().longValue());
    }

    /** A progress record: no message, no user, no id; only its time says something. */
    static TrackingEvent marker(Instant watermark) {
        return new TrackingEvent(TrackingEvent.SCHEMA_VERSION, null, null, null, null, null, null,
                TrackingStatus.PROGRESS, null, false, false, null, null, null, null, watermark);
    }

    private static Map<String, String> fields(Watermark state) {
        Map<String, String> fields = new HashMap<>();
        put(fields, "watermark", state.watermark());
        put(fields, "tickAt", state.tickAt());
        put(fields, "holdUntil", state.holdUntil());
        return fields;
    }

    private static void put(Map<String, String> fields, String name, Instant value) {
        if (value != null) {
            fields.put(name, String.valueOf(value.toEpochMilli()));
        }
    }

    private static Instant instant(Object millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis.toString()));
    }
}
