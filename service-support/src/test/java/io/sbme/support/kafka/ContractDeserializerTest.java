package io.sbme.support.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.contracts.ContractViolation;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A record outside the contract is unreadable whoever wrote it: the deserializer throws, so the
 * {@code ErrorHandlingDeserializer} around it parks the record instead of handing it to a stage.
 */
class ContractDeserializerTest {

    private final ContractDeserializer deserializer = new ContractDeserializer();

    private static byte[] checkout(String total) {
        return ("{\"schemaVersion\":1,\"eventId\":\"e-1\",\"userId\":\"u-1\",\"type\":\"checkout_started\","
                + "\"order\":{\"orderId\":\"c1\",\"total\":" + total + ",\"currency\":\"INR\"}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsARecordWithinTheBounds() {
        Object record = deserializer.deserialize(Topics.CUSTOMER_EVENTS, checkout("\"2499.00\""));

        assertThat(record).isInstanceOfSatisfying(CustomerEvent.class,
                e -> assertThat(e.order().total()).isEqualByComparingTo("2499"));
    }

    @Test
    @Timeout(5)
    void refusesAnAmountThatWouldExpandToABillionDigitsNamingTheField() {
        for (String total : new String[] {"\"1E-999999999\"", "1e999999999", "-1", "1000000000000"}) {
            assertThatThrownBy(() -> deserializer.deserialize(Topics.CUSTOMER_EVENTS, checkout(total)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("order.total")
                    .hasCauseInstanceOf(ContractViolation.class)
                    .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
        }
    }

    @Test
    void refusesAHugeStringField() {
        String huge = "{\"schemaVersion\":1,\"eventId\":\"e-1\",\"userId\":\"u-1\",\"type\":\"support_message\",\"text\":\""
                + "x".repeat(5_000) + "\"}";

        assertThatThrownBy(() -> deserializer.deserialize(Topics.CUSTOMER_EVENTS, huge.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("text may have at most 1000 characters");
    }

    @Test
    void refusesMalformedJson() {
        assertThatThrownBy(() -> deserializer.deserialize(Topics.DECISIONS, "{not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class);
    }
}
