package io.sbme.support.poison;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.listener.ListenerExecutionFailedException;

/** A dead letter's reason starts with a code an admin can count by, and is never long. */
class DeadLetterReasonTest {

    @Test
    void unreadableRecordsProcessingFailuresAndStopsHaveTheirOwnCode() {
        assertThat(DeadLetterReason.of(new SerializationException("order.total is out of range")))
                .isEqualTo("unreadable: order.total is out of range");
        assertThat(DeadLetterReason.of(new org.springframework.kafka.support.serializer.DeserializationException(
                "failed to deserialize", new byte[0], false, new SerializationException("decidedAt must be between"))))
                .isEqualTo("unreadable: decidedAt must be between");
        assertThat(DeadLetterReason.of(new ListenerExecutionFailedException("listener failed",
                new IllegalStateException("no such flow")))).isEqualTo("processing_failed: no such flow");
        assertThat(DeadLetterReason.of(new StoppedWhileProcessing(3)))
                .isEqualTo("stopped_while_processing: the stage stopped 2 times while processing this record");
        assertThat(DeadLetterReason.code("unreadable: x")).isEqualTo("unreadable");
        assertThat(DeadLetterReason.code(null)).isEqualTo("processing_failed");
    }

    @Test
    void aLongCauseIsCutToOneShortLine() {
        String reason = DeadLetterReason.of(new IllegalStateException("x\n".repeat(10_000)));

        assertThat(reason).hasSizeLessThanOrEqualTo(300).doesNotContain("\n").startsWith("processing_failed: x x");
    }
}
