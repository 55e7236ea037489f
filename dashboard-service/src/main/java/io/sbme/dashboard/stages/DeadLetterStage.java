package io.sbme.dashboard.stages;

import io.sbme.contracts.Topics;
import io.sbme.support.poison.DeadLetterReason;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.stereotype.Component;

/**
 * Reads every dead-letter topic, headers only: the value is the record that could not be
 * processed, and reading it as its contract would fail again. Which stage, which record, and why
 * go to {@link StageTroubles}.
 */
@Component
public class DeadLetterStage {

    private final StageTroubles troubles;

    DeadLetterStage(StageTroubles troubles) {
        this.troubles = troubles;
    }

    /** The dead-letter topic of every topic. */
    public static String[] topics() {
        return Topics.all().stream().map(topic -> topic + "-dlt").sorted().toArray(String[]::new);
    }

    @KafkaListener(topics = "#{T(io.sbme.dashboard.stages.DeadLetterStage).topics()}",
            groupId = "${spring.application.name}-dead-letters",
            properties = "spring.deserializer.value.delegate.class=org.apache.kafka.common.serialization.ByteArrayDeserializer")
    void on(ConsumerRecord<String, byte[]> record) {
        Headers headers = record.headers();
        String stage = DeadLetterReason.header(headers, DeadLetterReason.STAGE);
        if (stage == null) {
            // The dispatcher's own retry chain writes spring-kafka's headers only.
            stage = DeadLetterReason.header(headers, KafkaHeaders.DLT_ORIGINAL_CONSUMER_GROUP);
        }
        String reason = DeadLetterReason.header(headers, DeadLetterReason.REASON);
        if (reason == null) {
            String message = DeadLetterReason.header(headers, KafkaHeaders.DLT_EXCEPTION_MESSAGE);
            String type = DeadLetterReason.header(headers, KafkaHeaders.DLT_EXCEPTION_FQCN) + " "
                    + DeadLetterReason.header(headers, KafkaHeaders.DLT_EXCEPTION_CAUSE_FQCN);
            reason = (type.contains("SerializationException") || type.contains("DeserializationException")
                    ? DeadLetterReason.UNREADABLE : DeadLetterReason.PROCESSING_FAILED)
                    + ": " + (message == null ? "unknown" : message);
        }
        String topic = DeadLetterReason.header(headers, KafkaHeaders.DLT_ORIGINAL_TOPIC);
        if (topic == null) {
            topic = DeadLetterReason.header(headers, KafkaHeaders.ORIGINAL_TOPIC);
        }
        var entry = new StageTroubles.DeadLetter(stage == null ? "unknown" : cut(stage, 100),
                topic == null ? record.topic().replaceFirst("-dlt$", "") : cut(topic, 100),
                number(original(headers, KafkaHeaders.DLT_ORIGINAL_PARTITION, KafkaHeaders.ORIGINAL_PARTITION), -1).intValue(),
                number(original(headers, KafkaHeaders.DLT_ORIGINAL_OFFSET, KafkaHeaders.ORIGINAL_OFFSET), -1),
                cut(reason, 300), headers.lastHeader(DeadLetterReason.VALUE_DROPPED) != null,
                Instant.ofEpochMilli(record.timestamp()));
        troubles.deadLetter(record.topic() + ":" + record.partition() + ":" + record.offset(), entry);
    }

    /** A dead letter from a non-blocking retry chain names the original record without the {@code dlt-} prefix. */
    private static Header original(Headers headers, String name, String retryChainName) {
        Header header = headers.lastHeader(name);
        return header != null ? header : headers.lastHeader(retryChainName);
    }

    private static Long number(Header header, long absent) {
        Long value = number(header);
        return value == null ? absent : value;
    }

    /** spring-kafka writes partitions as 4-byte and offsets and timestamps as 8-byte big-endian numbers. */
    private static Long number(Header header) {
        if (header == null || header.value() == null) {
            return null;
        }
        byte[] bytes = header.value();
        return switch (bytes.length) {
            case 4 -> (long) ByteBuffer.wrap(bytes).getInt();
            case 8 -> ByteBuffer.wrap(bytes).getLong();
            default -> null;
        };
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
