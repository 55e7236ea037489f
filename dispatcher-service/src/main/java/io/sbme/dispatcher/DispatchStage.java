package io.sbme.dispatcher;

import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.support.outage.Outages;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.redis.RedisConnectionFailureException;
import io.sbme.support.poison.DeadLetterReason;
import org.springframework.kafka.annotation.BackOff;
import org.springframework.kafka.annotation.DltHandler;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.annotation.RetryableTopic;
import org.springframework.kafka.retrytopic.DltStrategy;
import org.springframework.kafka.retrytopic.TopicSuffixingStrategy;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.messaging.handler.annotation.Header;
import org.springframework.stereotype.Component;

/**
 * Kafka in: every composed message is dispatched along its channel plan, many at once
 * ({@link InFlight}). Transient failures are
 * retried through non-blocking retry topics ({@code composed-messages.v1-retry-0..n}, exponential
 * backoff with jitter, 4 attempts by default); what still fails lands on
 * {@code composed-messages.v1-dlt}, is kept for admins and falls back to the next channel.
 *
 * <p>An outage is not a failure of the message: while the vault, Redis or the last channel's
 * provider is down, the dispatch in hand waits for it ({@link Outages#holdThrough}) and the
 * listeners of composed messages and their retries pause, so messages wait in Kafka, in order,
 * and go out once the dependency is back.
 */
@Component
class DispatchStage {

    static final String LISTENER = "dispatcher-composed";

    private final Dispatcher dispatcher;
    private final DeadLetters deadLetters;
    private final InFlight inFlight;
    private final Outages outages;
    private final String application;

    DispatchStage(Dispatcher dispatcher, DeadLetters deadLetters, InFlight inFlight, Outages outages,
                  @Value("${spring.application.name}") String application) {
        this.application = application;
        this.dispatcher = dispatcher;
        this.deadLetters = deadLetters;
        this.inFlight = inFlight;
        this.outages = outages;
    }

    /** The listeners that dispatch, and so pause while the vault or Redis is down: composed messages and their retries. */
    static boolean dispatchesMessages(String listenerId) {
        return listenerId.startsWith(LISTENER);
    }

    @RetryableTopic(
            attempts = "${sbme.dispatcher.retry.attempts:4}",
            backOff = @BackOff(delayString = "${sbme.dispatcher.retry.delay-ms:1000}",
                    multiplierString = "${sbme.dispatcher.retry.multiplier:2.0}",
                    jitterString = "${sbme.dispatcher.retry.jitter-ms:250}"),
            // Redis unreachable is as passing as a provider outage: retry rather than dead-letter at once.
            include = {TransientDispatchException.class, RedisConnectionFailureException.class},
            traversingCauses = "true",
            topicSuffixingStrategy = TopicSuffixingStrategy.SUFFIX_WITH_INDEX_VALUE,
            numPartitions = "${sbme.kafka.partitions:3}",
            replicationFactor = "${sbme.kafka.replication-factor:1}",
            autoCreateTopics = "${sbme.kafka.create-topics:true}",
            kafkaTemplate = "kafkaTemplate",
            // A dead-letter handler that fails must not feed the record back into the dead-letter topic.
            dltStrategy = DltStrategy.FAIL_ON_ERROR,
            // Retries are the exception: a few consumers drain them; the main topic gets the many.
            concurrency = "${sbme.dispatcher.retry.concurrency:1}")
    // Started by ChannelStatesPreload once the pause states are known, not at context start.
    // Returning a future makes the container acknowledge each record when its dispatch completes
    // (out-of-order commits: an offset is committed once every record before it is done) and hand a
    // failed one to the retry topics; it pauses its partitions until a poll's records are all done.
    @KafkaListener(id = LISTENER, topics = Topics.COMPOSED_MESSAGES, groupId = "${spring.application.name}",
            autoStartup = "false", concurrency = "${sbme.dispatcher.concurrency:3}",
            properties = "max.poll.records=${sbme.dispatcher.poll-records:100}")
    CompletableFuture<Void> on(ConsumerRecord<String, Object> record) {
        if (record.value() instanceof DeadLetterTolerantDeserializer.Unreadable unreadable) {
            // A failed future, not a thrown exception: only a completed future acknowledges the
            // record, and an unacknowledged one would hold its partition's commits for good.
            return CompletableFuture.failedFuture(new UnreadableRecordException(unreadable.error()));
        }
        if (!(record.value() instanceof MessageComposed message) || message.messageId() == null
                || message.userId() == null) {
            return CompletableFuture.completedFuture(null);
        }
        return inFlight.submit(message.userId(), () -> outages.holdThrough(() -> dispatcher.dispatch(message)));
    }

    /**
     * Other stages that read composed messages (tracking, the dashboard) dead-letter into the same
     * topic; their dead letters are theirs to show, not messages this stage failed to send.
     */
    @DltHandler
    void deadLetter(ConsumerRecord<String, Object> record,
                    @Header(name = KafkaHeaders.EXCEPTION_MESSAGE, required = false) String error) {
        String stage = DeadLetterReason.header(record.headers(), DeadLetterReason.STAGE);
        if (stage != null && !stage.startsWith(application)) {
            return;
        }
        deadLetters.onDeadLetter(record.value(), record.key(), error);
    }
}
