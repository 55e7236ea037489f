package io.sbme.support.poison;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.serializer.DeserializationException;

/**
 * Why a stage gave up on a record, as written in the {@value #REASON} header of its dead letter:
 * a short code ({@code unreadable}, {@code processing_failed}, {@code stopped_while_processing}),
 * then the cause cut short. The {@value #STAGE} header names the stage (its consumer group).
 */
public final class DeadLetterReason {

    /** Header naming the consumer group that gave up on the record. */
    public static final String STAGE = "sbme-dlt-stage";
    /** Header saying why, in at most {@link #MAX_LENGTH} characters. */
    public static final String REASON = "sbme-dlt-reason";
    /** Header present when the record's value was too large to keep; it then carries its size. */
    public static final String VALUE_DROPPED = "sbme-dlt-value-dropped";

    public static final String UNREADABLE = "unreadable";
    public static final String PROCESSING_FAILED = "processing_failed";
    public static final String STOPPED_WHILE_PROCESSING = "stopped_while_processing";

    static final int MAX_LENGTH = 300;

    private DeadLetterReason() {
    }

    /** The reason for an exception a listener or a deserializer threw. */
    public static String of(Exception exception) {
        Throwable cause = exception;
        while (cause instanceof ListenerExecutionFailedException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof StoppedWhileProcessing) {
            return cut(STOPPED_WHILE_PROCESSING + ": " + cause.getMessage());
        }
        boolean unreadable = cause instanceof DeserializationException
                || cause instanceof org.apache.kafka.common.errors.SerializationException;
        if (cause instanceof DeserializationException && cause.getCause() != null) {
            // Its own message says only "failed to deserialize"; the contract's refusal is the cause.
            cause = cause.getCause();
        }
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return cut((unreadable ? UNREADABLE : PROCESSING_FAILED) + ": " + detail);
    }

    /** The code at the start of a reason ({@code unreadable}, ...), for counting. */
    public static String code(String reason) {
        if (reason == null) {
            return PROCESSING_FAILED;
        }
        int colon = reason.indexOf(':');
        return colon < 0 ? reason : reason.substring(0, colon);
    }

    /** A header's text, or null when absent. */
    public static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null || header.value() == null ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    static String cut(String text) {
        String single = text.replaceAll("\\s+", " ");
        return single.length() <= MAX_LENGTH ? single
                : single.substring(0, MAX_LENGTH - 1) + "…";
    }
}
