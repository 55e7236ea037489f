package io.sbme.dispatcher;

import io.sbme.contracts.Channel;

/**
 * A send of one message that may succeed later (timeout, rate limit, a vault answer). Thrown out of the
 * listener so spring-kafka moves the record to the next retry topic; the only exception retried.
 */
class TransientDispatchException extends RuntimeException {

    private final transient Channel channel;
    private final String cause;
    private final String errorCode;

    public TransientDispatchException(Channel channel, String cause, String errorCode) {
        super(channel.wireName() + ": " + cause + (errorCode == null ? "" : " (" + errorCode + ")"), null, false, false);
        this.channel = channel;
        this.cause = cause;
        this.errorCode = errorCode;
    }

    public Channel channel() {
        return channel;
    }

    public String reason() {
        return cause;
    }

    public String errorCode() {
        return errorCode;
    }
}
