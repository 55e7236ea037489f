package io.sbme.support.poison;

/** The stage's process ended, more than once, while it was processing this record. */
final class StoppedWhileProcessing extends RuntimeException {

    StoppedWhileProcessing(int starts) {
        super("the stage stopped " + (starts - 1) + " times while processing this record");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
