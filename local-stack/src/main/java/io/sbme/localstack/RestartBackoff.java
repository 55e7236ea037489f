package io.sbme.localstack;

import java.time.Duration;

/**
 * When the launcher restarts a child that exited unexpectedly: after 1 s, 2 s, 4 s … up to 30 s
 * while it keeps failing; a child that ran for a stable minute starts again from 1 s; after
 * {@code maxAttempts} quick failures in a row the launcher gives up rather than sit half-alive.
 *
 * @param initial the delay before the first restart
 * @param max the longest delay between restarts
 * @param stable how long a child must have run for its next exit to count as a first failure again
 * @param maxAttempts consecutive quick failures after which the whole stack stops
 */
record RestartBackoff(Duration initial, Duration max, Duration stable, int maxAttempts) {

    /** The launcher's policy: 1 s doubling to 30 s, reset after a stable minute, give up after 10. */
    static final RestartBackoff LAUNCHER = new RestartBackoff(Duration.ofSeconds(1), Duration.ofSeconds(30),
            Duration.ofMinutes(1), 10);

    /**
     * The number of this restart in the current run of failures (1 for the first), given the
     * previous one's number and how long the child ran before this exit.
     */
    int attempt(int previousAttempt, Duration uptime) {
        return uptime.compareTo(stable) >= 0 ? 1 : previousAttempt + 1;
    }

    /** How long to wait before restart number {@code attempt} of a run of failures. */
    Duration delay(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, was " + attempt);
        }
        // Doubling overflows long before 2^62 ms; the cap is reached at attempt 6 anyway.
        long factor = 1L << Math.min(attempt - 1, 30);
        Duration delay = initial.multipliedBy(factor);
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** True when restart number {@code attempt} should not happen: the child keeps failing. */
    boolean givesUp(int attempt) {
        return attempt > maxAttempts;
    }
}
