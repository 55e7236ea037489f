package io.sbme.dashboard.stream;

import io.sbme.dashboard.DashboardProperties;
import io.sbme.dashboard.metrics.MetricsQuery;
import io.sbme.dashboard.metrics.MetricsReport;
import io.sbme.dashboard.metrics.MetricsStore;
import io.sbme.dashboard.timeline.Timeline;
import io.sbme.dashboard.timeline.TimelineEntry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes dashboard changes to connected browsers over SSE. A tick every {@code dashboard.stream-interval-ms}
 * (250 ms) looks at Redis — the timeline sequence and the counters' version — and sends new
 * {@code timeline} entries and one fresh {@code metrics} report when anything changed. Reading
 * Redis rather than reacting to this instance's own listeners means every instance streams every
 * change, whichever instance consumed it; ticking coalesces bursts to at most 4 reports a second.
 *
 * <p>Event ids are timeline ids (a {@code metrics} event carries the newest one), so a client
 * that reconnects with {@code Last-Event-ID} gets the entries it missed, then current metrics.
 */
@Component
public class DashboardStream {

    private static final Logger log = LoggerFactory.getLogger(DashboardStream.class);
    /** How many recent entries a new connection (without Last-Event-ID) starts with. */
    static final int INITIAL_ENTRIES = 50;

    private final Timeline timeline;
    private final MetricsStore store;
    private final MetricsQuery query;
    private final DashboardProperties properties;
    private final List<SseEmitter> emitters = new CopyOnWriteArrayList<>();
    private long lastSentEntry = -1;
    private long lastVersion = -1;

    DashboardStream(Timeline timeline, MetricsStore store, MetricsQuery query, DashboardProperties properties,
                    io.micrometer.core.instrument.MeterRegistry meters) {
        this.timeline = timeline;
        this.store = store;
        this.query = query;
        this.properties = properties;
        meters.gauge("dashboard.stream.connections", emitters, List::size);
    }

    /** Opens a stream; {@code lastEventId} null for a fresh start. */
    public SseEmitter open(Long lastEventId) throws IOException {
        SseEmitter emitter = new SseEmitter(properties.emitterTimeout().toMillis());
        emitter.onCompletion(() -> emitters.remove(emitter));
        emitter.onTimeout(() -> emitters.remove(emitter));
        emitter.onError(e -> emitters.remove(emitter));
        List<TimelineEntry> backlog = lastEventId == null
                ? timeline.latest(INITIAL_ENTRIES, e -> true).reversed()
                : timeline.after(lastEventId);
        synchronized (this) {
            emitter.send(SseEmitter.event().reconnectTime(2000).comment("sbme dashboard stream"));
            for (TimelineEntry entry : backlog) {
                emitter.send(timelineEvent(entry));
            }
            MetricsReport report = query.report(null, null, null, timeline::lastId);
            emitter.send(metricsEvent(report));
            emitters.add(emitter);
        }
        return emitter;
    }

    @Scheduled(fixedDelayString = "${dashboard.stream-interval-ms:250}")
    public synchronized void tick() {
        if (emitters.isEmpty()) {
            lastSentEntry = -1;
            lastVersion = -1;
            return;
        }
        try {
            long newest = timeline.lastId();
            if (lastSentEntry < 0 || newest < lastSentEntry) {
                // first tick with listeners, or Redis was reset: nothing to catch up on
                lastSentEntry = newest;
            }
            if (newest > lastSentEntry) {
                for (TimelineEntry entry : timeline.after(lastSentEntry)) {
                    broadcast(timelineEvent(entry));
                }
                lastSentEntry = newest;
            }
            long version = store.version();
            if (version != lastVersion) {
                lastVersion = version;
                broadcast(metricsEvent(query.report(null, null, null, timeline::lastId)));
            }
        } catch (RuntimeException e) {
            log.warn("dashboard stream tick failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "${dashboard.heartbeat-ms:15000}")
    public synchronized void heartbeat() {
        broadcast(SseEmitter.event().comment("heartbeat"));
    }

    /** How many browsers are connected; for tests and metrics. */
    public int connections() {
        return emitters.size();
    }

    private void broadcast(SseEmitter.SseEventBuilder event) {
        for (SseEmitter emitter : emitters) {
            try {
                emitter.send(event);
            } catch (IOException | IllegalStateException gone) {
                emitters.remove(emitter);
                emitter.completeWithError(gone);
            }
        }
    }

    private static SseEmitter.SseEventBuilder timelineEvent(TimelineEntry entry) {
        return SseEmitter.event().id(String.valueOf(entry.id())).name("timeline")
                .data(entry, MediaType.APPLICATION_JSON);
    }

    private static SseEmitter.SseEventBuilder metricsEvent(MetricsReport report) {
        return SseEmitter.event().id(String.valueOf(report.lastEventId())).name("metrics")
                .data(report, MediaType.APPLICATION_JSON);
    }
}
