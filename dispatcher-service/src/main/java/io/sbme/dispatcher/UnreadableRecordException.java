package io.sbme.dispatcher;

import org.apache.kafka.common.errors.SerializationException;

/** A composed-messages record outside the contract: never retried, dead-lettered as unreadable. */
class UnreadableRecordException extends SerializationException {

    UnreadableRecordException(String reason) {
        super(reason);
    }
}
