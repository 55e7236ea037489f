package io.sbme.tracking.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

/** Which outbox entries a relay round may remove, given what the broker answered for each send. */
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    @Test
    void removesEverySentRecordTheBrokerAcknowledged() throws Exception {
        assertThat(OutboxRelay.acknowledgedPrefix(List.of(acked(), acked(), acked()), WAIT)).isEqualTo(3);
    }

    @Test
    void keepsTheFirstUnacknowledgedRecordAndEverythingBehindItEvenWhatWasAcknowledged() throws Exception {
        assertThat(OutboxRelay.acknowledgedPrefix(List.of(acked(), refused(), acked()), WAIT)).isEqualTo(1);
        assertThat(OutboxRelay.acknowledgedPrefix(List.of(refused(), acked()), WAIT)).isZero();
    }

    @Test
    void keepsARecordWhoseAnswerDidNotCome() throws Exception {
        assertThat(OutboxRelay.acknowledgedPrefix(List.of(acked(), new CompletableFuture<>()), WAIT)).isEqualTo(1);
    }

    private static CompletableFuture<?> acked() {
        return CompletableFuture.completedFuture("offset");
    }

    private static CompletableFuture<?> refused() {
        return CompletableFuture.failedFuture(new TimeoutException("Expiring 1 record(s): 10000 ms has passed"));
    }
}
