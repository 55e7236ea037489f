package io.sbme.dashboard.metrics;

import io.sbme.dashboard.experiment.ExperimentReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code GET /api/v1/dashboard/metrics} and of the stream's {@code metrics} event.
 * Keeps API.md's top-level keys; {@code revenue}, {@code fallbackCauses}, {@code held},
 * {@code deadLettered}, {@code decided}, {@code failed}, {@code expired}, {@code channels}, {@code series} are additions.
 *
 * @param series per-minute counts of the last minutes, for the charts (oldest first)
 * @param lastEventId the newest timeline entry id when the report was made
 */
public record MetricsReport(
        long sent,
        long delivered,
        long read,
        long clicked,
        long converted,
        BigDecimal revenue,
        long optOuts,
        long fallbacks,
        Map<String, Long> fallbackCauses,
        long cancelled,
        long blocked,
        long held,
        long deadLettered,
        long decided,
        long failed,
        long expired,
        List<FunnelRow> funnel,
        List<ExperimentReport> experiments,
        Map<String, ChannelState> channels,
        Series series,
        Instant asOf,
        long lastEventId) {

    /**
     * One flow on one channel ({@code all} = every channel of the flow). Rates are each step over
     * the step it depends on: sent/decided, delivered/sent, read/delivered, clicked/delivered,
     * converted/clicked; null when the base is zero.
     */
    public record FunnelRow(String flow, String channel, long decided, long sent, long delivered, long read,
                            long clicked, long converted, Map<String, Double> rates) {
    }

    /** Whether a channel is paused, as last seen on {@code channel-control}. */
    public record ChannelState(boolean paused) {
    }

    /** Counts per minute; {@code minutes} are the bucket starts. */
    public record Series(List<Instant> minutes, Map<String, List<Long>> counts) {
    }
}
