package io.sbme.dashboard.metrics;

import io.sbme.dashboard.DashboardProperties;
import io.sbme.dashboard.experiment.ExperimentReport;
import io.sbme.dashboard.metrics.MetricsReport.ChannelState;
import io.sbme.dashboard.metrics.MetricsReport.FunnelRow;
import io.sbme.dashboard.metrics.MetricsReport.Series;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.springframework.stereotype.Component;

/** Reads the counters into a {@link MetricsReport}, filtered by flow, channel and start time. */
@Component
public class MetricsQuery {

    static final List<String> CHANNELS = List.of("whatsapp", "sms");
    static final List<Metric> SERIES = List.of(Metric.SENT, Metric.DELIVERED, Metric.READ, Metric.CLICKED,
            Metric.CONVERTED);

    private final MetricsStore store;
    private final DashboardProperties properties;
    private final Clock clock;

    MetricsQuery(MetricsStore store, DashboardProperties properties, Clock clock) {
        this.store = store;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * The report. Experiments count unique users over all time (filtered by flow only): an A/B
     * result over a time slice would mix users assigned before it.
     *
     * @param flow a flow wire name or null for all
     * @param channel a channel wire name or null for all
     * @param since null for all time, else the first minute counted
     */
    public MetricsReport report(String flow, String channel, Instant since, LongSupplier lastEventId) {
        long eventId = lastEventId.getAsLong();
        Map<String, Long> raw = since == null ? store.totals() : store.since(since);
        Map<String, Long> totals = new HashMap<>();
        Map<String, Long> causes = new TreeMap<>();
        Map<String, Map<String, Long>> byFlowChannel = new TreeMap<>();
        raw.forEach((field, value) -> {
            String[] parts = field.split("\\|", -1);
            if (parts.length != 4 || !matches(flow, parts[1]) || !matches(channel, parts[2])) {
                return;
            }
            String name = parts[0];
            int colon = name.indexOf(':');
            String metric = colon < 0 ? name : name.substring(0, colon);
            totals.merge(metric, value, Long::sum);
            if (colon >= 0) {
                causes.merge(name.substring(colon + 1), value, Long::sum);
            }
            byFlowChannel.computeIfAbsent(parts[1] + "|" + parts[2], k -> new HashMap<>()).merge(metric, value, Long::sum);
        });
        Map<String, ChannelState> channels = new LinkedHashMap<>();
        Map<String, String> paused = store.channels();
        for (String c : CHANNELS) {
            channels.put(c, new ChannelState("paused".equals(paused.get(c))));
        }
        return new MetricsReport(
                get(totals, Metric.SENT), get(totals, Metric.DELIVERED), get(totals, Metric.READ),
                get(totals, Metric.CLICKED), get(totals, Metric.CONVERTED),
                BigDecimal.valueOf(get(totals, Metric.REVENUE_MINOR), 2),
                get(totals, Metric.OPT_OUTS), get(totals, Metric.FALLBACKS), causes,
                get(totals, Metric.CANCELLED), get(totals, Metric.BLOCKED), get(totals, Metric.HELD),
                get(totals, Metric.DEAD_LETTERED), get(totals, Metric.DECIDED), get(totals, Metric.FAILED),
                get(totals, Metric.EXPIRED),
                funnel(byFlowChannel), experiments(flow), channels, series(flow, channel), clock.instant(), eventId);
    }

    private List<FunnelRow> funnel(Map<String, Map<String, Long>> byFlowChannel) {
        Map<String, Map<String, Long>> perFlow = new TreeMap<>();
        List<FunnelRow> rows = new ArrayList<>();
        byFlowChannel.forEach((key, metrics) -> {
            String[] parts = key.split("\\|", -1);
            if (Tally.NONE.equals(parts[0])) {
                return;
            }
            Map<String, Long> all = perFlow.computeIfAbsent(parts[0], k -> new HashMap<>());
            metrics.forEach((m, v) -> all.merge(m, v, Long::sum));
            if (!Tally.NONE.equals(parts[1]) && funnelSize(metrics) > 0) {
                rows.add(row(parts[0], parts[1], metrics));
            }
        });
        perFlow.forEach((f, metrics) -> {
            if (funnelSize(metrics) > 0) {
                rows.add(row(f, "all", metrics));
            }
        });
        // Per flow: the "all" row first, then its channels alphabetically.
        rows.sort(java.util.Comparator.comparing(FunnelRow::flow)
                .thenComparing(r -> "all".equals(r.channel()) ? "" : r.channel()));
        return rows;
    }

    private static long funnelSize(Map<String, Long> m) {
        return get(m, Metric.DECIDED) + get(m, Metric.SENT) + get(m, Metric.DELIVERED) + get(m, Metric.CLICKED)
                + get(m, Metric.CONVERTED);
    }

    private static FunnelRow row(String flow, String channel, Map<String, Long> m) {
        long decided = get(m, Metric.DECIDED);
        long sent = get(m, Metric.SENT);
        long delivered = get(m, Metric.DELIVERED);
        long read = get(m, Metric.READ);
        long clicked = get(m, Metric.CLICKED);
        long converted = get(m, Metric.CONVERTED);
        Map<String, Double> rates = new LinkedHashMap<>();
        rates.put("sent", rate(sent, decided));
        rates.put("delivered", rate(delivered, sent));
        rates.put("read", rate(read, delivered));
        rates.put("clicked", rate(clicked, delivered));
        rates.put("converted", rate(converted, clicked));
        return new FunnelRow(flow, channel, decided, sent, delivered, read, clicked, converted, rates);
    }

    private static Double rate(long part, long base) {
        return base == 0 ? null : (double) part / base;
    }

    private List<ExperimentReport> experiments(String flow) {
        Map<String, List<ExperimentReport.ArmCounts>> byFlow = new TreeMap<>();
        for (MetricsStore.ArmCounts arm : store.arms()) {
            if (matches(flow, arm.flow())) {
                byFlow.computeIfAbsent(arm.flow(), k -> new ArrayList<>())
                        .add(new ExperimentReport.ArmCounts(arm.arm(), arm.users(), arm.conversions()));
            }
        }
        List<ExperimentReport> result = new ArrayList<>();
        byFlow.forEach((f, arms) -> result.add(ExperimentReport.of(f, arms, properties.minSamplePerArm())));
        return result;
    }

    private Series series(String flow, String channel) {
        long now = MetricsStore.minuteOf(clock.instant());
        long from = now - properties.seriesMinutes() + 1;
        Map<Long, Map<String, Long>> minutes = store.minutes(from, now);
        List<Instant> starts = new ArrayList<>();
        Map<String, List<Long>> counts = new LinkedHashMap<>();
        SERIES.forEach(m -> counts.put(m.wire(), new ArrayList<>()));
        for (long minute = from; minute <= now; minute++) {
            starts.add(Instant.ofEpochSecond(minute * 60));
            Map<String, Long> fields = minutes.getOrDefault(minute, Map.of());
            Map<String, Long> sums = new HashMap<>();
            fields.forEach((field, value) -> {
                String[] parts = field.split("\\|", -1);
                if (parts.length == 4 && matches(flow, parts[1]) && matches(channel, parts[2])) {
                    sums.merge(parts[0], value, Long::sum);
                }
            });
            SERIES.forEach(m -> counts.get(m.wire()).add(sums.getOrDefault(m.wire(), 0L)));
        }
        return new Series(starts, counts);
    }

    private static boolean matches(String filter, String value) {
        return filter == null || filter.equals(value);
    }

    private static long get(Map<String, Long> m, Metric metric) {
        return m.getOrDefault(metric.wire(), 0L);
    }
}
