package io.sbme.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.core.exc.StreamConstraintsException;

/** A record outside the contract is unreadable, and parsing itself is bounded, whoever wrote the JSON. */
class ContractJsonBoundsTest {

    private static String sample(String name) throws IOException {
        try (InputStream in = ContractJsonBoundsTest.class.getResourceAsStream("/samples/" + name + ".json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    @Timeout(5)
    void refusesAnAmountInExponentFormWrittenAsAJsonNumber() throws IOException {
        String event = sample("CustomerEvent").replace("\"price\":2499.00", "\"price\":1e999999999");

        assertThatThrownBy(() -> ContractJson.read(event, CustomerEvent.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageContaining("product.price")
                .hasMessageContaining("1E+999999999");
    }

    @Test
    @Timeout(5)
    void refusesATinyRevenueThatWouldExpandToABillionDigits() throws IOException {
        String tracking = sample("TrackingEvent").replace("\"revenue\":4498.20", "\"revenue\":1e-999999999");

        assertThatThrownBy(() -> ContractJson.read(tracking.getBytes(), TrackingEvent.class))
                .isInstanceOf(ContractViolation.class)
                .satisfies(e -> assertThat(((ContractViolation) e).field()).isEqualTo("revenue"));
    }

    @Test
    void refusesAnIdLongerThanTheContractAllows() throws IOException {
        String decision = sample("Decision").replace("\"dec-9a1\"", "\"" + "d".repeat(ContractBounds.MAX_ID + 1) + "\"");

        assertThatThrownBy(() -> ContractJson.read(decision, Decision.class))
                .isInstanceOf(ContractViolation.class)
                .hasMessageStartingWith("decisionId may have at most 200 characters");
    }

    @Test
    void refusesAHugeStringWhileParsing() throws IOException {
        String event = sample("CustomerEvent").replace("\"storefront\"",
                "\"" + "x".repeat(ContractJson.MAX_STRING_CHARS + 1) + "\"");

        assertThatThrownBy(() -> ContractJson.read(event, CustomerEvent.class))
                .isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void refusesALongNumberAndDeepNestingWhileParsing() {
        String longNumber = "{\"schemaVersion\":1,\"erasedItems\":" + "9".repeat(ContractJson.MAX_NUMBER_CHARS + 1) + "}";
        String deep = "{\"schemaVersion\":1,\"x\":" + "[".repeat(ContractJson.MAX_NESTING + 1)
                + "]".repeat(ContractJson.MAX_NESTING + 1) + "}";

        assertThatThrownBy(() -> ContractJson.read(longNumber, PrivacyAck.class)).isInstanceOf(StreamConstraintsException.class);
        assertThatThrownBy(() -> ContractJson.read(deep, PrivacyAck.class)).isInstanceOf(StreamConstraintsException.class);
    }

    @Test
    void readsEveryGoldenSampleWithinTheBounds() throws IOException {
        for (String topic : Topics.all()) {
            Class<?> type = Topics.valueType(topic);
            assertThat(ContractJson.read(sample(type.getSimpleName()), type)).isNotNull();
        }
    }
}
