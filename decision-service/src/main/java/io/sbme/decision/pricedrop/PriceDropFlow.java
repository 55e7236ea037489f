package io.sbme.decision.pricedrop;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Flow;
import io.sbme.contracts.Product;
import io.sbme.decision.Candidate;
import io.sbme.decision.DecisionProperties;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The price-drop rule: a drop of at least the configured percent (or amount) reaches the users who
 * viewed or carted the product within the look-back window and whose consent allows a message.
 */
public final class PriceDropFlow {

    private PriceDropFlow() {
    }

    /** The drop in whole percent, when it clears the threshold. */
    public static Optional<Integer> qualifies(CustomerEvent.PriceDrop drop, DecisionProperties.PriceDrop rule) {
        if (drop.oldPrice() == null || drop.newPrice() == null || drop.oldPrice().signum() <= 0
                || drop.newPrice().compareTo(drop.oldPrice()) >= 0) {
            return Optional.empty();
        }
        BigDecimal amount = drop.oldPrice().subtract(drop.newPrice());
        int percent = amount.multiply(BigDecimal.valueOf(100)).divide(drop.oldPrice(), 0, RoundingMode.DOWN).intValue();
        boolean byPercent = percent >= rule.minPercent();
        boolean byAmount = rule.minAmount() != null && amount.compareTo(rule.minAmount()) >= 0;
        return byPercent || byAmount ? Optional.of(percent) : Optional.empty();
    }

    /** Users who saw the product within the look-back and may be messaged, most recent first. */
    public static List<String> audience(Map<String, Instant> lastSeen, Function<String, ConsentState> consent,
                                        DecisionProperties.PriceDrop rule, Instant now) {
        Instant since = now.minus(rule.lookback());
        return lastSeen.entrySet().stream()
                .filter(e -> !e.getValue().isBefore(since))
                .filter(e -> {
                    ConsentState state = consent.apply(e.getKey());
                    return state != null && (state.allows(Channel.WHATSAPP) || state.allows(Channel.SMS));
                })
                .sorted(Map.Entry.<String, Instant>comparingByValue().reversed())
                .limit(rule.maxAudience())
                .map(Map.Entry::getKey)
                .toList();
    }

    public static Candidate candidate(String userId, CustomerEvent event, int percent) {
        CustomerEvent.PriceDrop drop = event.priceDrop();
        Product product = new Product(drop.productId(), null, drop.name(), drop.newPrice(), drop.currency(), 1,
                drop.imageUrl(), drop.url());
        String name = drop.name() == null ? drop.productId() : drop.name();
        return new Candidate(Flow.PRICE_DROP, userId, event.eventId(), drop.productId(), product, percent, "price_dropped",
                name + " dropped " + percent + "% (" + drop.oldPrice().toPlainString() + " → "
                        + drop.newPrice().toPlainString() + "); you viewed or carted it recently.",
                true, "event", Candidate.productLink(product, false), null);
    }
}
