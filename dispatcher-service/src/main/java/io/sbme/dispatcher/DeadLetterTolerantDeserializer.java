package io.sbme.dispatcher;

import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractDeserializer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * service-support's {@link ContractDeserializer}, except on the composed-messages topics (main,
 * retries, dead letters): there an unreadable record becomes an {@link Unreadable}. The dispatching
 * listener fails it as a future (acknowledged, then dead-lettered, where a record the container
 * itself could not read would stay unacknowledged and hold its partition), and the dead-letter
 * handler keeps it for admins instead of failing on it again.
 */
public class DeadLetterTolerantDeserializer implements Deserializer<Object> {

    /** A record that is not valid JSON of its topic's type; only the first 200 characters are kept. */
    public record Unreadable(String excerpt, String error) {
    }

    private final ContractDeserializer delegate = new ContractDeserializer();

    @Override
    public Object deserialize(String topic, byte[] data) {
        try {
            return delegate.deserialize(topic, data);
        } catch (SerializationException e) {
            if (!topic.startsWith(Topics.COMPOSED_MESSAGES)) {
                throw e;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            return new Unreadable(text.length() > 200 ? text.substring(0, 200) : text, e.getMessage());
        }
    }
}
