package io.sbme.support.kafka;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Topics;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes contract records as their JSON form and names their logical type in the
 * {@value #TYPE_HEADER} header; never a Java class name on the wire. Raw bytes (a dead letter
 * being republished) pass through unchanged.
 */
public class ContractSerializer implements Serializer<Object> {

    public static final String TYPE_HEADER = "sbme-type";

    @Override
    public byte[] serialize(String topic, Object data) {
        return data == null ? null : data instanceof byte[] raw ? raw : ContractJson.write(data);
    }

    @Override
    public byte[] serialize(String topic, Headers headers, Object data) {
        if (data != null && !(data instanceof byte[])) {
            headers.remove(TYPE_HEADER);
            headers.add(TYPE_HEADER, Topics.logicalType(data.getClass()).getBytes(StandardCharsets.UTF_8));
        }
        return serialize(topic, data);
    }
}
