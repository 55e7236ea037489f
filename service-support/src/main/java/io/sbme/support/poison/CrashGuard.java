package io.sbme.support.poison;

import java.util.List;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.RecordInterceptor;
import org.springframework.kafka.support.KafkaUtils;

/**
 * Keeps one record from stopping a stage for good. Before a listener gets a record, the guard
 * marks it in progress ({@link InProgressMarks}); afterwards it clears the mark. A process that
 * ends mid-record (out of memory, killed) leaves the mark behind, and the restarted process
 * tries the record again, once: a record that was in progress at {@code maxStarts} ends in a row
 * is dead-lettered with reason {@code stopped_while_processing} instead of being processed again.
 *
 * <p>Why twice and not once: an operator's {@code kill -9} or a node failure also ends a process
 * mid-record, and that record is innocent; it must be processed, not parked. A record that takes
 * the process down twice in a row is the cause.
 */
public class CrashGuard implements RecordInterceptor<Object, Object> {

    private static final Logger log = LoggerFactory.getLogger(CrashGuard.class);

    private final InProgressMarks marks;
    private final StageDeadLetters deadLetters;
    private final int maxStarts;

    CrashGuard(InProgressMarks marks, StageDeadLetters deadLetters, int maxStarts) {
        this.marks = marks;
        this.deadLetters = deadLetters;
        this.maxStarts = maxStarts;
    }

    /** The records the previous process of this stage was processing when it ended. */
    public List<InProgressMarks.Interrupted> interrupted() {
        return marks.interrupted();
    }

    @Override
    public ConsumerRecord<Object, Object> intercept(ConsumerRecord<Object, Object> record,
                                                    Consumer<Object, Object> consumer) {
        String partition = partition(record);
        int starts = marks.begin(partition, record.offset(), record.timestamp());
        if (starts <= maxStarts) {
            return record;
        }
        // Throws if Kafka refuses the dead letter; the mark stays, and the next attempt tries again.
        deadLetters.accept(record, consumer, new StoppedWhileProcessing(starts));
        marks.end(partition);
        log.warn("Dead-lettered {} at offset {}: the stage stopped {} times while processing it", partition,
                record.offset(), starts - 1);
        return null;
    }

    // Success, failure and afterRecord all clear the mark: which of them a container calls depends
    // on its listener type, and a failure the error handler retries is not a stop of the process.
    @Override
    public void success(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        marks.end(partition(record));
    }

    @Override
    public void failure(ConsumerRecord<Object, Object> record, Exception exception, Consumer<Object, Object> consumer) {
        marks.end(partition(record));
    }

    @Override
    public void afterRecord(ConsumerRecord<Object, Object> record, Consumer<Object, Object> consumer) {
        marks.end(partition(record));
    }

    private static String partition(ConsumerRecord<?, ?> record) {
        String group = KafkaUtils.getConsumerGroupId();
        return (group == null ? "" : group) + " " + record.topic() + "-" + record.partition();
    }
}
