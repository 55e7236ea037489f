package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeliveryEvidenceTest {

    @Test
    void theSlowestPartitionDecides() {
        assertThat(DeliveryEvidence.slowest(Map.of(0, 5_000L, 1, 3_000L, 2, 9_000L), 3)).hasValue(3_000L);
    }

    @Test
    void aPartitionWithoutProgressHoldsEveryDeadline() {
        OptionalLong slowest = DeliveryEvidence.slowest(Map.of(0, 5_000L, 2, 9_000L), 3);

        assertThat(slowest).isEmpty();
        assertThat(DeliveryEvidence.mayFallBack(1_000, 10_000, slowest)).isFalse();
        assertThat(DeliveryEvidence.slowest(Map.of(), 0)).as("partitions not known yet").isEmpty();
    }

    @Test
    void aDeadlineFallsDueOnlyOnceTheWatermarkHasPassedIt() {
        long deadline = 10_000;
        long muchLater = 60_000;

        assertThat(DeliveryEvidence.mayFallBack(deadline, muchLater, OptionalLong.of(9_000)))
                .as("tracking lags (away, restarting, or its broker is): the TTL ran out, the evidence did not").isFalse();
        assertThat(DeliveryEvidence.mayFallBack(deadline, muchLater, OptionalLong.of(deadline)))
                .as("a receipt taken at the deadline itself may still be on its way").isFalse();
        assertThat(DeliveryEvidence.mayFallBack(deadline, muchLater, OptionalLong.of(deadline + 1))).isTrue();
    }

    @Test
    void theClockStillDecidesWhenTrackingIsAhead() {
        long deadline = 10_000;

        assertThat(DeliveryEvidence.mayFallBack(deadline, deadline - 1, OptionalLong.of(deadline + 5_000))).isFalse();
        assertThat(DeliveryEvidence.mayFallBack(deadline, deadline, OptionalLong.of(deadline + 5_000))).isTrue();
        assertThat(DeliveryEvidence.evaluableUpTo(deadline, OptionalLong.of(deadline + 5_000))).isEqualTo(deadline);
        assertThat(DeliveryEvidence.evaluableUpTo(deadline, OptionalLong.empty())).isEqualTo(-1);
    }
}
