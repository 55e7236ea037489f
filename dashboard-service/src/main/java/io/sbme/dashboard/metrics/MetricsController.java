package io.sbme.dashboard.metrics;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Flow;
import io.sbme.dashboard.AdminOnly;
import io.sbme.dashboard.DashboardProperties;
import io.sbme.dashboard.timeline.Timeline;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/dashboard/metrics}: the counters, funnel, experiments and channel state. */
@RestController
class MetricsController {

    private final MetricsQuery query;
    private final Timeline timeline;
    private final DashboardProperties properties;
    private final Clock clock;

    MetricsController(MetricsQuery query, Timeline timeline, DashboardProperties properties, Clock clock) {
        this.query = query;
        this.timeline = timeline;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * @param flow a flow's wire name, e.g. {@code abandoned_cart}
     * @param channel {@code whatsapp} or {@code sms}
     * @param since an ISO-8601 instant within the per-minute retention (default 8 days)
     */
    @GetMapping("/api/v1/dashboard/metrics")
    MetricsReport metrics(Caller caller, @RequestParam(required = false) String flow,
                          @RequestParam(required = false) String channel,
                          @RequestParam(required = false) String since) {
        AdminOnly.require(caller);
        return query.report(flow(flow), channel(channel), since(since), timeline::lastId);
    }

    private static String flow(String flow) {
        if (flow == null || flow.isBlank()) {
            return null;
        }
        return Arrays.stream(Flow.values()).filter(f -> f != Flow.UNKNOWN && f.wireName().equals(flow.strip()))
                .findFirst().map(Flow::wireName)
                .orElseThrow(() -> ApiProblem.badRequest("flow must be one of "
                        + Arrays.stream(Flow.values()).filter(f -> f != Flow.UNKNOWN).map(Flow::wireName).toList() + "."));
    }

    private static String channel(String channel) {
        if (channel == null || channel.isBlank()) {
            return null;
        }
        return Channel.fromWire(channel).map(Channel::wireName)
                .orElseThrow(() -> ApiProblem.badRequest("channel must be whatsapp, sms or instagram."));
    }

    private Instant since(String since) {
        if (since == null || since.isBlank()) {
            return null;
        }
        Instant instant;
        try {
            instant = Instant.parse(since.strip());
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("since must be an ISO-8601 instant such as 2026-11-24T09:00:00Z.");
        }
        if (instant.isBefore(clock.instant().minus(properties.minuteRetention()))) {
            throw ApiProblem.badRequest("since may go back at most " + properties.minuteRetention().toDays()
                    + " days; per-minute counts older than that are not kept.");
        }
        return instant;
    }
}
