package io.sbme.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.EventType;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Product;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.dashboard.metrics.MetricsReport;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * A scripted run of one flow: what the pipeline would publish for a few dozen users, with
 * fallbacks, holds, cancellations, late statuses, repeated orders, opt-outs and redeliveries.
 * Everything the dashboard should count is computable from {@link #records}.
 */
final class Script {

    /** A record and the topic it goes to. */
    record Published(String topic, String key, Object value) {
    }

    final List<Published> records = new ArrayList<>();
    final String runId;
    final Flow flow;

    Script(String runId, Flow flow, int users, long seed, Instant start) {
        this.runId = runId;
        this.flow = flow;
        Random random = new Random(seed);
        Product lamp = new Product("p-lamp", "LAMP", "Aurora Desk Lamp", new BigDecimal("2499.00"), "INR", 1,
                "/img/lamp.svg", "/?product=p-lamp");
        for (int i = 0; i < users; i++) {
            String user = "u-" + runId + "-" + i;
            String eventId = "e-" + runId + "-" + i;
            String messageId = "m-" + runId + "-" + i;
            String arm = i % 3 == 0 ? "holdout" : i % 3 == 1 ? "A" : "B";
            Instant t = start.plusSeconds(i);
            add(Topics.CUSTOMER_EVENTS, user, new CustomerEvent(1, eventId, user, EventType.ADD_TO_CART, t, t, "web",
                    lamp, null, null, null, null, null, null));
            boolean holdout = arm.equals("holdout");
            DecisionOutcome outcome = holdout ? DecisionOutcome.SUPPRESS
                    : i % 10 == 7 ? DecisionOutcome.HOLD : i % 10 == 9 ? DecisionOutcome.SUPPRESS : DecisionOutcome.SEND;
            String reason = holdout ? "holdout" : outcome == DecisionOutcome.HOLD ? "no_consent"
                    : outcome == DecisionOutcome.SUPPRESS ? "consent_revoked" : "price_dropped";
            boolean send = outcome == DecisionOutcome.SEND;
            add(Topics.DECISIONS, user, new Decision(1, "d-" + runId + "-" + i, send ? messageId : null, eventId, user,
                    flow, outcome, reason, "scripted", lamp, 10, "tpl", holdout ? null : arm, arm,
                    List.of(Channel.WHATSAPP, Channel.SMS), "/?product=p-lamp", true, false, "event", 120, null,
                    t.plusMillis(100)));
            if (holdout && random.nextDouble() < 0.3) {
                add(Topics.TRACKING_EVENTS, user, tracking("h-" + runId + "-" + i, null, user, null, null,
                        TrackingStatus.CONVERTED, true, new BigDecimal("150.00"), "holdout", t.plusSeconds(30)));
            }
            if (i % 8 == 0) {
                add(Topics.CONSENT_STATE, user, new ConsentState(1, user, 2, ConsentStatus.REVOKED, "+91 ••••••97" + (i % 10),
                        "IN", "Asia/Kolkata", new ConsentState.ChannelConsent(false, false), null, "revoked", t.plusSeconds(50)));
                if (i % 16 == 0) {
                    add(Topics.TRACKING_EVENTS, user, tracking("o-" + runId + "-" + i, null, user, arm, Channel.SMS,
                            TrackingStatus.OPTED_OUT, true, null, null, t.plusSeconds(51)));
                }
            }
            if (!send) {
                continue;
            }
            add(Topics.COMPOSED_MESSAGES, user, new MessageComposed(1, messageId, "d-" + runId + "-" + i, user, flow, arm,
                    arm, "tpl", 1, List.of(Channel.WHATSAPP, Channel.SMS), null,
                    new MessageComposed.Sms("Lamp 10% off", "GSM-7", 1, 12), null, "http://x/r/abc", "/", lamp, 10, true,
                    120, t.plusMillis(200)));
            Channel channel = Channel.WHATSAPP;
            if (i % 4 == 1) {
                add(Topics.DISPATCH_RESULTS, user, result("r1-" + runId + "-" + i, messageId, user, arm, Channel.WHATSAPP,
                        DispatchOutcome.FELL_BACK, i % 8 == 1 ? "whatsapp_paused" : "not_on_whatsapp", t.plusMillis(300)));
                channel = Channel.SMS;
            }
            if (i % 11 == 2) {
                add(Topics.DISPATCH_RESULTS, user, result("r2-" + runId + "-" + i, messageId, user, arm, channel,
                        DispatchOutcome.CANCELLED, "consent_revoked", t.plusMillis(400)));
                continue;
            }
            if (i == 5) {
                add(Topics.DISPATCH_RESULTS, user, result("r2-" + runId + "-" + i, messageId, user, arm, channel,
                        DispatchOutcome.DEAD_LETTERED, "retries_exhausted", t.plusMillis(400)));
                add(Topics.DISPATCH_RESULTS, user, result("r3-" + runId + "-" + i, messageId, user, arm, channel,
                        DispatchOutcome.BLOCKED, "no_channel_left", t.plusMillis(450)));
                continue;
            }
            add(Topics.DISPATCH_RESULTS, user, result("r2-" + runId + "-" + i, messageId, user, arm, channel,
                    DispatchOutcome.SENT, null, t.plusMillis(500)));
            if (random.nextDouble() < 0.1) {
                continue;
            }
            add(Topics.TRACKING_EVENTS, user, tracking("t1-" + runId + "-" + i, messageId, user, arm, channel,
                    TrackingStatus.DELIVERED, true, null, null, t.plusSeconds(2)));
            if (random.nextDouble() < 0.3) {
                add(Topics.TRACKING_EVENTS, user, tracking("t1b-" + runId + "-" + i, messageId, user, arm, channel,
                        TrackingStatus.DELIVERED, false, null, null, t.plusSeconds(3)));
            }
            if (random.nextDouble() < 0.3) {
                continue;
            }
            add(Topics.TRACKING_EVENTS, user, tracking("t2-" + runId + "-" + i, messageId, user, arm, channel,
                    TrackingStatus.READ, true, null, null, t.plusSeconds(4)));
            if (random.nextDouble() < 0.4) {
                continue;
            }
            add(Topics.TRACKING_EVENTS, user, tracking("t3-" + runId + "-" + i, messageId, user, arm, channel,
                    TrackingStatus.CLICKED, true, null, null, t.plusSeconds(6)));
            if (random.nextDouble() < 0.3) {
                add(Topics.TRACKING_EVENTS, user, tracking("t3b-" + runId + "-" + i, messageId, user, arm, channel,
                        TrackingStatus.CLICKED, false, null, null, t.plusSeconds(7)));
            }
            if (random.nextDouble() < 0.4) {
                continue;
            }
            BigDecimal revenue = BigDecimal.valueOf(10_000 + random.nextInt(90_000), 2);
            add(Topics.TRACKING_EVENTS, user, tracking("t4-" + runId + "-" + i, messageId, user, arm, channel,
                    TrackingStatus.CONVERTED, true, revenue, null, t.plusSeconds(9)));
            if (random.nextDouble() < 0.3) {
                add(Topics.TRACKING_EVENTS, user, tracking("t4b-" + runId + "-" + i, messageId, user, arm, channel,
                        TrackingStatus.CONVERTED, false, new BigDecimal("99.99"), null, t.plusSeconds(11)));
            }
        }
        // Redeliveries: the first quarter of the run again, same ids.
        List<Published> again = List.copyOf(records.subList(0, records.size() / 4));
        records.addAll(again);
    }

    private void add(String topic, String key, Object value) {
        records.add(new Published(topic, key, value));
    }

    private DispatchResult result(String id, String messageId, String user, String variant, Channel channel,
                                  DispatchOutcome outcome, String cause, Instant at) {
        return new DispatchResult(1, id, messageId, user, flow, variant, channel, 1, outcome, cause, "pm-" + id, null,
                "+91 ••••••9721", at);
    }

    private TrackingEvent tracking(String id, String messageId, String user, String variant, Channel channel,
                                   TrackingStatus status, boolean first, BigDecimal revenue, String detail, Instant at) {
        return new TrackingEvent(1, id, messageId, user, flow, variant, channel, status, null, false, first,
                revenue == null ? null : "o-" + id, revenue, revenue == null ? null : "INR", detail, at);
    }

    /**
     * The counters this run should move, counted straight from the records, independently of the
     * stage's rules code (the reconciliation).
     */
    Map<String, Long> expectedCounts() {
        List<Decision> decisions = distinct(Decision.class);
        List<DispatchResult> results = distinct(DispatchResult.class);
        List<TrackingEvent> tracking = distinct(TrackingEvent.class);
        Set<String> optedOut = new HashSet<>();
        distinct(ConsentState.class).stream().filter(c -> Set.of("revoked", "keyword_stop").contains(c.change()))
                .forEach(c -> optedOut.add(c.userId()));
        tracking.stream().filter(t -> t.status() == TrackingStatus.OPTED_OUT).forEach(t -> optedOut.add(t.userId()));
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decided", decisions.stream().filter(d -> d.outcome() == DecisionOutcome.SEND).count());
        m.put("held", decisions.stream().filter(d -> d.outcome() == DecisionOutcome.HOLD).count());
        m.put("sent", count(results, DispatchOutcome.SENT));
        m.put("fallbacks", count(results, DispatchOutcome.FELL_BACK));
        m.put("cancelled", count(results, DispatchOutcome.CANCELLED)
                + decisions.stream().filter(d -> d.outcome() == DecisionOutcome.SUPPRESS && "consent_revoked".equals(d.reason())).count());
        m.put("blocked", count(results, DispatchOutcome.BLOCKED)
                + decisions.stream().filter(d -> d.outcome() == DecisionOutcome.HOLD && "no_consent".equals(d.reason())).count());
        m.put("deadLettered", count(results, DispatchOutcome.DEAD_LETTERED));
        m.put("delivered", firsts(tracking, TrackingStatus.DELIVERED));
        m.put("read", firsts(tracking, TrackingStatus.READ));
        m.put("clicked", firsts(tracking, TrackingStatus.CLICKED));
        m.put("converted", tracking.stream().filter(t -> t.status() == TrackingStatus.CONVERTED && t.firstForMessage()
                && !"holdout".equals(t.detail())).count());
        m.put("optOuts", (long) optedOut.size());
        assertThat(m.values()).as("the script exercises every counter").allMatch(v -> v > 0);
        return m;
    }

    /** A report's counters, named as {@link #expectedCounts()} names them. */
    static Map<String, Long> counters(MetricsReport r) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("decided", r.decided());
        m.put("held", r.held());
        m.put("sent", r.sent());
        m.put("fallbacks", r.fallbacks());
        m.put("cancelled", r.cancelled());
        m.put("blocked", r.blocked());
        m.put("deadLettered", r.deadLettered());
        m.put("delivered", r.delivered());
        m.put("read", r.read());
        m.put("clicked", r.clicked());
        m.put("converted", r.converted());
        m.put("optOuts", r.optOuts());
        return m;
    }

    /** Adds two sets of counters, name by name. */
    static Map<String, Long> plus(Map<String, Long> one, Map<String, Long> two) {
        Map<String, Long> sum = new LinkedHashMap<>(one);
        two.forEach((name, value) -> sum.merge(name, value, Long::sum));
        return sum;
    }

    private static long count(Collection<DispatchResult> results, DispatchOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    private static long firsts(Collection<TrackingEvent> tracking, TrackingStatus status) {
        return tracking.stream().filter(t -> t.status() == status && t.firstForMessage()).count();
    }

    /** The distinct records: what a correct, idempotent consumer counts. */
    <T> List<T> distinct(Class<T> type) {
        return records.stream().map(Published::value).filter(type::isInstance).map(type::cast).distinct().toList();
    }
}
