package io.sbme.support.kafka;

import io.sbme.contracts.Topics;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes contract records to their topics. Inside a listener of a transactional stage the send
 * joins the consumer's transaction; elsewhere it runs in a transaction of its own (when the
 * producer is transactional) so callers need not care which.
 */
public class ContractPublisher {

    private final KafkaTemplate<String, Object> template;

    public ContractPublisher(KafkaTemplate<String, Object> template) {
        this.template = template;
    }

    public CompletableFuture<SendResult<String, Object>> publish(String topic, String key, Object value) {
        if (value != null && Topics.valueType(topic) != value.getClass()) {
            throw new IllegalArgumentException(value.getClass().getSimpleName() + " does not belong on " + topic);
        }
        if (template.isTransactional() && !template.inTransaction()) {
            return template.executeInTransaction(t -> t.send(topic, key, value));
        }
        return template.send(topic, key, value);
    }

    /**
     * Publishes and waits for the broker's acknowledgement ({@code acks=all}).
     *
     * @throws BrokerUnavailableException when the broker did not acknowledge in time
     */
    public void publishAndWait(String topic, String key, Object value, Duration timeout) {
        try {
            publish(topic, key, value).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BrokerUnavailableException(e);
        } catch (ExecutionException | TimeoutException | org.springframework.kafka.KafkaException e) {
            throw new BrokerUnavailableException(e);
        }
    }

    /** The broker did not acknowledge a record; the caller should answer 503 and let the client retry. */
    public static class BrokerUnavailableException extends RuntimeException {
        public BrokerUnavailableException(Throwable cause) {
            super("Kafka did not acknowledge the record", cause);
        }
    }
}
