package io.sbme.decision.pricedrop;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.CustomerEvent;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Fixtures;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The price-drop threshold and audience on a fixed instant. */
class PriceDropFlowTest {

    private static final Instant NOW = Instant.parse("2026-11-24T09:00:00Z");
    private final DecisionProperties.PriceDrop rule = Fixtures.properties().priceDrop();

    private static CustomerEvent.PriceDrop drop(String from, String to) {
        return new CustomerEvent.PriceDrop("p-1", "Lamp", new BigDecimal(from), new BigDecimal(to), "INR", null, null);
    }

    @Test
    void qualifiesFromTheThresholdPercentAndReportsTheRealDrop() {
        assertThat(PriceDropFlow.qualifies(drop("100", "96"), rule)).isEmpty();
        assertThat(PriceDropFlow.qualifies(drop("100", "95"), rule)).contains(5);
        assertThat(PriceDropFlow.qualifies(drop("2499", "1999"), rule)).contains(20);
        assertThat(PriceDropFlow.qualifies(drop("100", "120"), rule)).isEmpty();
    }

    @Test
    void qualifiesBySmallPercentWhenTheAmountThresholdIsMet() {
        var byAmount = new DecisionProperties.PriceDrop(null, 50, new BigDecimal("100"), 0);

        assertThat(PriceDropFlow.qualifies(drop("10000", "9850"), byAmount)).contains(1);
        assertThat(PriceDropFlow.qualifies(drop("10000", "9950"), byAmount)).isEmpty();
    }

    @Test
    void reachesOnlyRecentViewersWhoseConsentAllowsAMessage() {
        Map<String, Instant> seen = Map.of(
                "u-recent", NOW.minus(Duration.ofDays(2)),
                "u-old", NOW.minus(Duration.ofDays(15)),
                "u-no-consent", NOW.minus(Duration.ofDays(1)),
                "u-sms-only", NOW.minus(Duration.ofDays(13)));
        Map<String, ConsentState> consent = Map.of(
                "u-recent", Fixtures.optedIn("u-recent", true, false, null, null),
                "u-old", Fixtures.optedIn("u-old", true, true, null, null),
                "u-no-consent", Fixtures.optedIn("u-no-consent", false, false, null, null),
                "u-sms-only", Fixtures.optedIn("u-sms-only", false, true, null, null));

        var audience = PriceDropFlow.audience(seen, consent::get, rule, NOW);

        assertThat(audience).containsExactly("u-recent", "u-sms-only");
    }
}
