package io.sbme.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kind of bound, the cheap refusal of exponent forms, and refusals that never show a value in full. */
class ContractBoundsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0", "0.00", "2499.00", "999999999999.9999", "1E+3", "12.50000", "0.0001"})
    void acceptsAmountsWithinTwelveIntegerDigitsAndFourDecimals(String amount) {
        BigDecimal value = ContractBounds.money("price", amount);

        assertThat(value).isEqualByComparingTo(amount);
        assertThat(value.scale()).isBetween(0, ContractBounds.MONEY_DECIMALS);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e999999999", "1e-999999999", "0E+999999999", "1E+12", "1000000000000", "0.00001",
            "1e-5", "123456789012345678901234567890123456789012345"})
    @Timeout(5)
    void refusesAmountsOutOfBoundsWithoutExpandingThem(String amount) {
        assertThatThrownBy(() -> ContractBounds.money("properties.price", amount))
                .isInstanceOf(ContractViolation.class)
                .hasMessageStartingWith("properties.price must be a decimal of at most 12 integer digits")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(150))
                .satisfies(e -> assertThat(((ContractViolation) e).field()).isEqualTo("properties.price"));
    }

    @Test
    @Timeout(5)
    void refusesHugeExponentsGivenAsDecimalsCheaply() {
        assertThatThrownBy(() -> ContractBounds.money("total", new BigDecimal("1e999999999")))
                .hasMessage("total must be a decimal of at most 12 integer digits and 4 decimal places, was '1E+999999999'");
        assertThatThrownBy(() -> ContractBounds.money("total", new BigDecimal("1e-999999999")))
                .hasMessageContaining("was '1E-999999999'");
    }

    @Test
    void refusesNegativeAmountsAndNonNumbers() {
        assertThatThrownBy(() -> ContractBounds.money("price", "-3"))
                .isInstanceOf(ContractViolation.class).hasMessage("price must not be negative, was '-3'");
        assertThatThrownBy(() -> ContractBounds.money("price", "ten"))
                .isInstanceOf(ContractViolation.class).hasMessage("price must be a number, was 'ten'");
        assertThat(ContractBounds.money("price", (String) null)).isNull();
    }

    @Test
    void boundsQuantities() {
        assertThat(ContractBounds.quantity("quantity", 10_000, ContractBounds.MAX_QUANTITY)).isEqualTo(10_000);
        assertThat(ContractBounds.quantity("quantity", null, ContractBounds.MAX_QUANTITY)).isNull();
        assertThatThrownBy(() -> ContractBounds.quantity("quantity", 10_001, ContractBounds.MAX_QUANTITY))
                .isInstanceOf(ContractViolation.class).hasMessageStartingWith("quantity must be a whole number from 1 to 10000");
        assertThatThrownBy(() -> ContractBounds.quantity("quantity", 0, ContractBounds.MAX_QUANTITY))
                .isInstanceOf(ContractViolation.class);
    }

    @Test
    void boundsStringsByKindAndCutsWhatTheyShow() {
        assertThat(ContractBounds.id("eventId", "e".repeat(ContractBounds.MAX_ID))).hasSize(ContractBounds.MAX_ID);
        assertThat(ContractBounds.url("url", "u".repeat(ContractBounds.MAX_URL))).hasSize(ContractBounds.MAX_URL);

        assertThatThrownBy(() -> ContractBounds.id("eventId", "e".repeat(ContractBounds.MAX_ID + 1)))
                .hasMessage("eventId may have at most 200 characters, was '" + "e".repeat(32) + "…'");
        assertThatThrownBy(() -> ContractBounds.name("name", "n".repeat(ContractBounds.MAX_NAME + 1)))
                .isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> ContractBounds.url("url", "u".repeat(ContractBounds.MAX_URL + 1)))
                .isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> ContractBounds.text("text", "t".repeat(ContractBounds.MAX_TEXT + 1)))
                .isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> ContractBounds.message("sms.text", "m".repeat(ContractBounds.MAX_MESSAGE + 1)))
                .isInstanceOf(ContractViolation.class);
    }

    @Test
    void boundsListsAndInstants() {
        assertThatThrownBy(() -> ContractBounds.items("order.products", Collections.nCopies(101, "p"), 100))
                .hasMessage("order.products may hold at most 100 items, was '101 items'");
        assertThat(ContractBounds.instant("at", Instant.EPOCH)).isEqualTo(Instant.EPOCH);
        assertThatThrownBy(() -> ContractBounds.instant("at", Instant.MAX)).isInstanceOf(ContractViolation.class);
        assertThatThrownBy(() -> ContractBounds.instant("at", Instant.EPOCH.minusSeconds(1)))
                .isInstanceOf(ContractViolation.class);
    }

    @Test
    void cutsLongDecimalsAndControlCharacters() {
        assertThat(ContractBounds.cut(new BigDecimal("9".repeat(50)))).isEqualTo("50 digits");
        assertThat(ContractBounds.cut("a\nb")).isEqualTo("a?b");
    }

    @Test
    void checksEveryAmountOfACustomerEvent() {
        Product line = new Product("p-1", null, null, new BigDecimal("1e-999999999"), "INR", 1, null, null);
        CustomerEvent event = new CustomerEvent(1, "e-1", "u-1", EventType.CHECKOUT_STARTED, Instant.EPOCH, Instant.EPOCH,
                "storefront", null, new CustomerEvent.Order("c1", BigDecimal.TEN, "INR", List.of(line), null), null, null,
                null, null, null);

        assertThatThrownBy(() -> ContractBounds.check(event))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).field()).isEqualTo("order.products[0].price"));
    }

    @Test
    void checksFreeFormProviderBodies() {
        Map<String, Object> deep = Map.of("a", Map.of("b", "x".repeat(ContractBounds.MAX_MESSAGE + 1)));
        MessageComposed message = new MessageComposed(1, "m-1", "d-1", "u-1", Flow.MANUAL, "A", "A", "t", 1,
                List.of(Channel.WHATSAPP), new MessageComposed.WhatsApp(deep, null, null), null, null, null, null, null,
                null, false, 120, Instant.EPOCH);

        assertThatThrownBy(() -> ContractBounds.check(message))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).field()).isEqualTo("whatsapp.template.a.b"));
    }

    @Test
    void leavesOtherTypesAlone() {
        assertThat(ContractBounds.check("anything")).isEqualTo("anything");
        assertThat(ContractBounds.check((Object) null)).isNull();
    }
}
