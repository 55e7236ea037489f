package io.sbme.dashboard;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the dashboard; every one has a default so the service starts on its own.
 *
 * @param timelineSize how many of the latest timeline entries Redis keeps (and the largest {@code limit})
 * @param minSamplePerArm users per arm below which an A/B uplift is "not enough data"
 * @param seenRetention how long record ids are remembered to ignore redeliveries
 * @param minuteRetention how long per-minute counters are kept (the earliest {@code since})
 * @param journeyRetention how long a message's journey is kept
 * @param eventRetention how long a customer event is remembered (for redeliveries and for the
 *                       journey of a message it causes); shorter than the others because events
 *                       are the high-volume topic
 * @param seriesMinutes how many minutes the per-minute chart series covers
 * @param emitterTimeout how long one SSE connection lives before the browser reconnects
 *
 * <p>The stream's tick ({@code dashboard.stream-interval-ms}, 250) and heartbeat
 * ({@code dashboard.heartbeat-ms}, 15000) are read by {@code @Scheduled} directly.
 */
@ConfigurationProperties("dashboard")
public record DashboardProperties(Integer timelineSize, Integer minSamplePerArm, Duration seenRetention,
                                  Duration minuteRetention, Duration journeyRetention, Duration eventRetention,
                                  Integer seriesMinutes, Duration emitterTimeout) {

    public DashboardProperties {
        timelineSize = timelineSize == null ? 500 : timelineSize;
        minSamplePerArm = minSamplePerArm == null ? 30 : minSamplePerArm;
        seenRetention = seenRetention == null ? Duration.ofDays(14) : seenRetention;
        minuteRetention = minuteRetention == null ? Duration.ofDays(8) : minuteRetention;
        journeyRetention = journeyRetention == null ? Duration.ofDays(7) : journeyRetention;
        eventRetention = eventRetention == null ? Duration.ofDays(1) : eventRetention;
        seriesMinutes = seriesMinutes == null ? 30 : seriesMinutes;
        emitterTimeout = emitterTimeout == null ? Duration.ofMinutes(30) : emitterTimeout;
    }
}
