package io.sbme.dispatcher;

import io.sbme.support.kafka.ContractDeserializer;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * service-support's {@link ContractDeserializer}, except on dead-letter topics: there an unreadable
 * record becomes an {@link Unreadable} for the dead-letter handler to keep for admins. Without this
 * the record would fail again on the dead-letter topic and never reach the admin list.
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
            if (!topic.endsWith("-dlt")) {
                throw e;
            }
            String text = new String(data, StandardCharsets.UTF_8);
            return new Unreadable(text.length() > 200 ? text.substring(0, 200) : text, e.getMessage());
        }
    }
}
