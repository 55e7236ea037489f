package io.sbme.decision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.ContractViolation;
import java.math.BigDecimal;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Discount tiers, thresholds and timings are held to the contract's bounds when the service starts. */
class DecisionPropertiesTest {

    @Test
    void refusesDiscountTiersOutsideTheBounds() {
        assertThatThrownBy(() -> new DecisionProperties.DiscountTier(new BigDecimal("1e999999999"), 10))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("decision.discount-tiers.min-cart-value");
        assertThatThrownBy(() -> new DecisionProperties.DiscountTier(BigDecimal.TEN, 101))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("decision.discount-tiers.percent");
        assertThat(new DecisionProperties.DiscountTier(new BigDecimal("2000"), 10).percent()).isEqualTo(10);
    }

    @Test
    void refusesAPriceDropThresholdAndAHoldoutOutsideTheBounds() {
        assertThatThrownBy(() -> new DecisionProperties.PriceDrop(null, 5, new BigDecimal("-1"), 0))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("decision.price-drop.min-amount");
        assertThatThrownBy(() -> new DecisionProperties.Experiment(101, null))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("decision.experiment.holdout-percent");
    }

    @Test
    void refusesADeliveryTtlLongerThanTheContractAllows() {
        var timings = new DecisionProperties.Timings(null, null, null, null, Duration.ofDays(31));

        assertThatThrownBy(() -> new DecisionProperties(false, timings, null, null, null, null, null, null, null, null,
                null, null, 0, false))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("decision.timings.delivery-ttl");
    }
}
