package io.sbme.support.kafka;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Topics;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a record as the type its topic carries ({@link Topics#valueType}). A null value is a
 * tombstone. Anything unreadable throws, so the {@code ErrorHandlingDeserializer} around this
 * sends it to the dead-letter topic instead of stopping the partition.
 */
public class ContractDeserializer implements Deserializer<Object> {

    @Override
    public Object deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        try {
            return ContractJson.read(data, Topics.valueType(topic));
        } catch (RuntimeException e) {
            throw new SerializationException("unreadable record on " + topic + ": " + e.getMessage(), e);
        }
    }
}
