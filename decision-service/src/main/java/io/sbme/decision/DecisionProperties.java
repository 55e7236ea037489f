package io.sbme.decision;

import io.sbme.contracts.ContractBounds;
import io.sbme.contracts.Flow;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Every tunable of the rule engine; shown read-only in admin ({@code GET /api/v1/admin/flows}).
 *
 * @param demo whether the demo profile is on ({@code SBME_DEMO}): fast timings and the demo endpoints
 * @param timings production timings
 * @param demoTimings timings used when {@code demo} is true
 * @param discountTiers abandoned-cart and checkout-rescue discounts by cart value, highest threshold first wins
 * @param templates template id per {@code <flow>.<variant>}; missing entries fall back to {@code <flow>_<variant>}
 * @param demoTriggerBypassesCaps whether the storefront's demo trigger ignores frequency caps (default: caps apply)
 */
@ConfigurationProperties("decision")
public record DecisionProperties(
        boolean demo,
        Timings timings,
        Timings demoTimings,
        List<DiscountTier> discountTiers,
        PriceDrop priceDrop,
        Browse browse,
        Caps caps,
        QuietHours quietHours,
        Experiment experiment,
        Map<String, String> templates,
        Timers timers,
        String composerUrl,
        int recentDecisions,
        boolean demoTriggerBypassesCaps) {

    public DecisionProperties {
        timings = timings == null ? Timings.PRODUCTION : timings.orElse(Timings.PRODUCTION);
        demoTimings = demoTimings == null ? Timings.DEMO : demoTimings.orElse(Timings.DEMO);
        discountTiers = discountTiers == null || discountTiers.isEmpty()
                ? List.of(new DiscountTier(new BigDecimal("5000"), 15), new DiscountTier(new BigDecimal("2000"), 10),
                new DiscountTier(BigDecimal.ZERO, 5))
                : discountTiers.stream().sorted(Comparator.comparing(DiscountTier::minCartValue).reversed()).toList();
        priceDrop = priceDrop == null ? new PriceDrop(null, 0, null, 0) : priceDrop;
        browse = browse == null ? new Browse(0, null) : browse;
        caps = caps == null ? new Caps(0, null, 0, null) : caps;
        quietHours = quietHours == null ? new QuietHours(null, null, null) : quietHours;
        experiment = experiment == null ? new Experiment(-1, null) : experiment;
        templates = templates == null ? Map.of() : Map.copyOf(templates);
        timers = timers == null ? new Timers(null, null, 0) : timers;
        composerUrl = composerUrl == null ? "http://localhost:8084" : composerUrl;
        recentDecisions = recentDecisions <= 0 ? 50 : recentDecisions;
        // A delivery TTL beyond the contract's bound would make every decision unreadable downstream.
        ContractBounds.range("decision.timings.delivery-ttl", timings.deliveryTtl().toSeconds(), 0,
                ContractBounds.MAX_DELIVERY_TTL_SECONDS);
        ContractBounds.range("decision.demo-timings.delivery-ttl", demoTimings.deliveryTtl().toSeconds(), 0,
                ContractBounds.MAX_DELIVERY_TTL_SECONDS);
    }

    /** The timings in force: the demo's when the demo profile is on. */
    public Timings active() {
        return demo ? demoTimings : timings;
    }

    /** The discount for a cart of this value. */
    public int discountFor(BigDecimal cartValue) {
        return discountTiers.stream().filter(t -> cartValue.compareTo(t.minCartValue()) >= 0)
                .mapToInt(DiscountTier::percent).findFirst().orElse(0);
    }

    /** The template for a flow and variant, e.g. {@code abandoned_cart_a}. */
    public String templateFor(Flow flow, String variant) {
        String v = variant == null ? "a" : variant.toLowerCase(Locale.ROOT);
        return templates.getOrDefault(flow.wireName() + "." + v, flow.wireName() + "_" + v);
    }

    /** How long each flow waits and how long its messages live. */
    public record Timings(Duration abandonedCartDelay, Duration checkoutRescueDelay, Duration browseDelay,
                          Duration holdExpiry, Duration deliveryTtl) {

        static final Timings PRODUCTION = new Timings(Duration.ofMinutes(30), Duration.ofMinutes(30),
                Duration.ofMinutes(30), Duration.ofHours(24), Duration.ofMinutes(2));
        static final Timings DEMO = new Timings(Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofMinutes(10), Duration.ofSeconds(20));

        Timings orElse(Timings d) {
            return new Timings(abandonedCartDelay == null ? d.abandonedCartDelay : abandonedCartDelay,
                    checkoutRescueDelay == null ? d.checkoutRescueDelay : checkoutRescueDelay,
                    browseDelay == null ? d.browseDelay : browseDelay,
                    holdExpiry == null ? d.holdExpiry : holdExpiry,
                    deliveryTtl == null ? d.deliveryTtl : deliveryTtl);
        }
    }

    /** Discount percent for carts worth at least {@code minCartValue}. */
    public record DiscountTier(BigDecimal minCartValue, int percent) {
        public DiscountTier {
            minCartValue = ContractBounds.money("decision.discount-tiers.min-cart-value",
                    minCartValue == null ? BigDecimal.ZERO : minCartValue);
            ContractBounds.range("decision.discount-tiers.percent", percent, 0, 100);
        }
    }

    /**
     * Price-drop audience and threshold.
     *
     * @param minPercent a drop qualifies from this percent...
     * @param minAmount ...or from this absolute amount
     * @param maxAudience the most users one drop may reach
     */
    public record PriceDrop(Duration lookback, int minPercent, BigDecimal minAmount, int maxAudience) {
        public PriceDrop {
            lookback = lookback == null ? Duration.ofDays(14) : lookback;
            minPercent = minPercent <= 0 ? 5 : minPercent;
            minAmount = ContractBounds.money("decision.price-drop.min-amount", minAmount);
            maxAudience = maxAudience <= 0 ? 10_000 : maxAudience;
        }
    }

    /** Browse abandonment: views of one product within {@code window}. */
    public record Browse(int minViews, Duration window) {
        public Browse {
            minViews = minViews <= 0 ? 2 : minViews;
            window = window == null ? Duration.ofHours(1) : window;
        }
    }

    /** Rolling-window frequency caps. */
    public record Caps(int perCart, Duration perCartWindow, int marketing, Duration marketingWindow) {
        public Caps {
            perCart = perCart <= 0 ? 1 : perCart;
            perCartWindow = perCartWindow == null ? Duration.ofHours(24) : perCartWindow;
            marketing = marketing <= 0 ? 3 : marketing;
            marketingWindow = marketingWindow == null ? Duration.ofDays(7) : marketingWindow;
        }
    }

    /** No marketing between {@code start} and {@code end} in the recipient's zone. */
    public record QuietHours(LocalTime start, LocalTime end, String fallbackZone) {
        public QuietHours {
            start = start == null ? LocalTime.of(21, 0) : start;
            end = end == null ? LocalTime.of(9, 0) : end;
            fallbackZone = fallbackZone == null ? "Asia/Kolkata" : fallbackZone;
        }
    }

    /** A/B variants and the holdout share (percent of users decided but not sent). */
    public record Experiment(int holdoutPercent, List<String> variants) {
        public Experiment {
            holdoutPercent = holdoutPercent < 0 ? 10 : holdoutPercent;
            ContractBounds.range("decision.experiment.holdout-percent", holdoutPercent, 0, 100);
            variants = variants == null || variants.isEmpty() ? List.of("A", "B") : List.copyOf(variants);
        }
    }

    /** The durable timer poller. */
    public record Timers(Duration pollInterval, Duration lease, int batch) {
        public Timers {
            pollInterval = pollInterval == null ? Duration.ofMillis(500) : pollInterval;
            lease = lease == null ? Duration.ofSeconds(60) : lease;
            batch = batch <= 0 ? 100 : batch;
        }
    }
}
