package io.sbme.support.poison;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Puts a record a stage cannot process on {@code <topic>-dlt}, with the stage and the reason in
 * headers, so the partition moves on and an admin sees who gave up and why. Every stage that reads
 * a topic shares its dead-letter topic; the {@value DeadLetterReason#STAGE} header tells them apart.
 */
public class StageDeadLetters extends DeadLetterPublishingRecoverer {

    /** Values above this are not copied: the dead letter must fit in a Kafka request with its headers. */
    static final int MAX_VALUE_BYTES = 512 * 1024;

    private final MeterRegistry meters;
    private final String application;

    public StageDeadLetters(KafkaOperations<?, ?> template, String application, MeterRegistry meters) {
        super(template, (record, e) -> new TopicPartition(record.topic() + "-dlt", -1));
        this.application = application;
        this.meters = meters;
        // A stack trace is long and can quote the record; the reason header says what matters.
        excludeHeader(HeaderNames.HeadersToAdd.EX_STACKTRACE);
        setHeadersFunction(this::stageHeaders);
    }

    private Headers stageHeaders(ConsumerRecord<?, ?> record, Exception exception) {
        Headers headers = headers(application).apply(record, exception);
        if (meters != null) {
            meters.counter("sbme.dead.letters", "topic", record.topic(), "reason",
                    DeadLetterReason.code(DeadLetterReason.header(headers, DeadLetterReason.REASON))).increment();
        }
        return headers;
    }

    /**
     * The stage and reason headers, for a recoverer this class does not build (spring-kafka's
     * non-blocking retry topics): the consumer group that gave up, or the application's name.
     */
    public static BiFunction<ConsumerRecord<?, ?>, Exception, Headers> headers(String application) {
        return (record, exception) -> {
            String group = KafkaUtils.getConsumerGroupId();
            RecordHeaders headers = new RecordHeaders();
            headers.add(DeadLetterReason.STAGE, (group == null ? application : group).getBytes(StandardCharsets.UTF_8));
            headers.add(DeadLetterReason.REASON, DeadLetterReason.of(exception).getBytes(StandardCharsets.UTF_8));
            return headers;
        };
    }

    @Override
    protected ProducerRecord<Object, Object> createProducerRecord(ConsumerRecord<?, ?> record,
            TopicPartition topicPartition, Headers headers, byte[] key, byte[] value) {
        int size = value != null ? value.length : Math.max(record.serializedValueSize(), 0);
        if (size > MAX_VALUE_BYTES) {
            headers.add(DeadLetterReason.VALUE_DROPPED, String.valueOf(size).getBytes(StandardCharsets.UTF_8));
            return new ProducerRecord<>(topicPartition.topic(),
                    topicPartition.partition() < 0 ? null : topicPartition.partition(), key != null ? key : record.key(),
                    null, headers);
        }
        return super.createProducerRecord(record, topicPartition, headers, key, value);
    }
}
