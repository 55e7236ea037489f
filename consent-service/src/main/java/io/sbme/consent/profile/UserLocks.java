package io.sbme.consent.profile;

import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * Striped per-user locks: changes to one user run one at a time in this instance, so their
 * {@code consent-state} records are published in the order they were applied. Correctness across
 * instances does not depend on them (the store's compare-and-set does that); they only spare
 * same-instance retries.
 */
@Component
class UserLocks {

    private static final int STRIPES = 256;
    private final ReentrantLock[] locks = new ReentrantLock[STRIPES];

    UserLocks() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantLock();
        }
    }

    <T> T with(String userId, Supplier<T> action) {
        ReentrantLock lock = locks[Math.floorMod(userId.hashCode(), STRIPES)];
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }
}
