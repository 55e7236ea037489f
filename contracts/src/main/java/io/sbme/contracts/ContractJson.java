package io.sbme.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import tools.jackson.core.StreamReadConstraints;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.cfg.EnumFeature;

/**
 * The one JSON form of every contract record: ISO-8601 instants, nulls left out, unknown fields
 * ignored so that producers can add fields without breaking older consumers. Reading is bounded:
 * the parser refuses oversized documents, strings, numbers and nesting, and {@link #read} refuses a
 * record whose values are outside {@link ContractBounds}.
 */
public final class ContractJson {

    /** The largest document read; Kafka's default record limit is 1 MiB, so no record comes near it. */
    public static final long MAX_DOCUMENT_BYTES = 4L * 1024 * 1024;
    /** The longest string read; the longest contract string is a URL or a rendered message. */
    public static final int MAX_STRING_CHARS = 64 * 1024;
    /** The longest number read, in characters; an amount needs about twenty. */
    public static final int MAX_NUMBER_CHARS = 64;
    /** The deepest nesting read; a WhatsApp request body nests about eight levels. */
    public static final int MAX_NESTING = 64;

    private static final StreamReadConstraints READ_CONSTRAINTS = StreamReadConstraints.builder()
            .maxDocumentLength(MAX_DOCUMENT_BYTES)
            .maxStringLength(MAX_STRING_CHARS)
            .maxNameLength(MAX_STRING_CHARS)
            .maxNumberLength(MAX_NUMBER_CHARS)
            .maxNestingDepth(MAX_NESTING)
            .build();

    private static final JsonMapper MAPPER = JsonMapper
            .builder(JsonFactory.builder().streamReadConstraints(READ_CONSTRAINTS).build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(EnumFeature.READ_UNKNOWN_ENUM_VALUES_USING_DEFAULT_VALUE)
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .changeDefaultPropertyInclusion(incl -> incl
                    .withValueInclusion(JsonInclude.Include.NON_NULL)
                    .withContentInclusion(JsonInclude.Include.NON_NULL))
            .build();

    private ContractJson() {
    }

    /** The shared mapper; configured once, safe to use from any thread. */
    public static JsonMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        return MAPPER.writeValueAsBytes(value);
    }

    public static String writeString(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    /** Reads a value; a contract record outside {@link ContractBounds} throws {@link ContractViolation}. */
    public static <T> T read(byte[] json, Class<T> type) {
        return ContractBounds.check(MAPPER.readValue(json, type));
    }

    /** Reads a value; a contract record outside {@link ContractBounds} throws {@link ContractViolation}. */
    public static <T> T read(String json, Class<T> type) {
        return ContractBounds.check(MAPPER.readValue(json, type));
    }
}
