package io.sbme.dashboard.metrics;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.TrackingEvent;
import io.sbme.dashboard.UserDigest;
import io.sbme.dashboard.metrics.Tally.Count;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The counting rules: which counters each record moves. Pure, so the reconciliation test and the
 * stage agree on one definition.
 *
 * <ul>
 *   <li>decided: a SEND decision (channel = the first of its plan); held: a HOLD decision;</li>
 *   <li>sent / fallbacks (by cause) / cancelled / blocked / dead-lettered / failed / expired: dispatch results;</li>
 *   <li>delivered / read / clicked / converted: tracking events marked {@code firstForMessage}, so
 *       each message counts once per status; revenue adds every attributed order;</li>
 *   <li>cancelled also counts a SUPPRESS decision for {@code consent_revoked}; blocked also counts a
 *       HOLD for {@code no_consent};</li>
 *   <li>opt-outs: a consent change {@code revoked}/{@code keyword_stop} or an {@code opted_out}
 *       tracking event, once per user.</li>
 * </ul>
 * Holdout conversions ({@code detail=holdout}) feed only the experiments, not the message counters.
 */
public final class Tallies {

    /** Consent changes that are a user opting out. */
    static final Set<String> OPT_OUT_CHANGES = Set.of("revoked", "keyword_stop");

    private Tallies() {
    }

    public static Optional<Tally> of(Decision d) {
        if (d.decisionId() == null) {
            return Optional.empty();
        }
        String flow = flow(d.flow());
        String channel = d.channelPlan() == null || d.channelPlan().isEmpty() ? null : channel(d.channelPlan().getFirst());
        String variant = d.variant() != null ? d.variant() : d.experimentArm();
        List<Count> counts = new ArrayList<>();
        if (d.outcome() == DecisionOutcome.SEND) {
            counts.add(new Count(Metric.DECIDED, null, flow, channel, variant, 1));
        } else if (d.outcome() == DecisionOutcome.HOLD) {
            counts.add(new Count(Metric.HELD, null, flow, channel, variant, 1));
            if ("no_consent".equals(d.reason())) {
                counts.add(new Count(Metric.BLOCKED, null, flow, channel, variant, 1));
            }
        } else if (d.outcome() == DecisionOutcome.SUPPRESS && "consent_revoked".equals(d.reason())) {
            counts.add(new Count(Metric.CANCELLED, null, flow, channel, variant, 1));
        }
        return Optional.of(new Tally("decision:" + d.decisionId(), d.decidedAt(), counts, null));
    }

    public static Optional<Tally> of(DispatchResult r) {
        if (r.resultId() == null || r.outcome() == null) {
            return Optional.empty();
        }
        String flow = flow(r.flow());
        String channel = channel(r.channel());
        Count count = switch (r.outcome()) {
            case SENT -> new Count(Metric.SENT, null, flow, channel, r.variant(), 1);
            case FELL_BACK -> new Count(Metric.FALLBACKS, r.cause() == null ? "unknown" : r.cause(), flow, channel,
                    r.variant(), 1);
            case CANCELLED -> new Count(Metric.CANCELLED, null, flow, channel, r.variant(), 1);
            case BLOCKED -> new Count(Metric.BLOCKED, null, flow, channel, r.variant(), 1);
            case DEAD_LETTERED -> new Count(Metric.DEAD_LETTERED, null, flow, channel, r.variant(), 1);
            case FAILED -> new Count(Metric.FAILED, null, flow, channel, r.variant(), 1);
            case EXPIRED -> new Count(Metric.EXPIRED, null, flow, channel, r.variant(), 1);
            case UNKNOWN -> null;
        };
        return Optional.of(new Tally("result:" + r.resultId(), r.at(), count == null ? List.of() : List.of(count), null));
    }

    public static Optional<Tally> of(TrackingEvent t) {
        if (t.trackingId() == null || t.status() == null) {
            return Optional.empty();
        }
        String flow = flow(t.flow());
        String channel = channel(t.channel());
        String key = "tracking:" + t.trackingId();
        boolean holdout = "holdout".equals(t.detail());
        List<Count> counts = new ArrayList<>();
        switch (t.status()) {
            case DELIVERED -> unique(t, counts, Metric.DELIVERED);
            case READ -> unique(t, counts, Metric.READ);
            case CLICKED -> unique(t, counts, Metric.CLICKED);
            case CONVERTED -> {
                if (!holdout) {
                    unique(t, counts, Metric.CONVERTED);
                    long minor = minorUnits(t.revenue());
                    if (minor != 0) {
                        counts.add(new Count(Metric.REVENUE_MINOR, null, flow, channel, t.variant(), minor));
                    }
                }
            }
            case OPTED_OUT -> {
                return Optional.of(new Tally(key, t.at(),
                        List.of(new Count(Metric.OPT_OUTS, null, flow, channel, t.variant(), 1)), t.userId()));
            }
            default -> {
                // sent comes from dispatch results; failed and window_opened are shown on the timeline only
            }
        }
        return Optional.of(new Tally(key, t.at(), counts, null));
    }

    public static Optional<Tally> of(ConsentState c) {
        if (c.userId() == null) {
            return Optional.empty();
        }
        // A consent record has no id of its own; its redelivery marker is named by a hash of the
        // user id, because the marker outlives an erase request and must not hold the id itself.
        String key = "consent:" + UserDigest.of(c.userId()) + ":" + c.version();
        if (c.change() != null && OPT_OUT_CHANGES.contains(c.change())) {
            return Optional.of(new Tally(key, c.updatedAt(),
                    List.of(new Count(Metric.OPT_OUTS, null, null, null, null, 1)), c.userId()));
        }
        return Optional.of(new Tally(key, c.updatedAt(), List.of(), null));
    }

    private static void unique(TrackingEvent t, List<Count> counts, Metric metric) {
        if (t.firstForMessage()) {
            counts.add(new Count(metric, null, flow(t.flow()), channel(t.channel()), t.variant(), 1));
        }
    }

    static long minorUnits(BigDecimal amount) {
        return amount == null ? 0 : amount.setScale(2, RoundingMode.HALF_UP).movePointRight(2).longValue();
    }

    static String flow(Flow flow) {
        return flow == null || flow == Flow.UNKNOWN ? null : flow.wireName();
    }

    static String channel(Channel channel) {
        return channel == null || channel == Channel.UNKNOWN ? null : channel.wireName();
    }
}
