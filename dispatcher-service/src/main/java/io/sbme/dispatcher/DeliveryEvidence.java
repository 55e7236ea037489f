package io.sbme.dispatcher;

import java.util.Map;
import java.util.OptionalLong;

/**
 * When a delivery deadline may be acted on, pure: a missing {@code delivered} is evidence only once
 * tracking's progress on every partition of {@code tracking-events} has passed the deadline, since
 * only then has the watch read every receipt tracking took before it. A partition without progress
 * yet, or one that lags (tracking, the broker or this consumer away), holds every deadline back: an
 * outage delays fallbacks and never causes them.
 */
final class DeliveryEvidence {

    private DeliveryEvidence() {
    }

    /**
     * The slowest partition's watermark (epoch millis), or empty while any of the {@code partitions}
     * has none.
     */
    static OptionalLong slowest(Map<Integer, Long> watermarks, int partitions) {
        if (partitions <= 0) {
            return OptionalLong.empty();
        }
        long slowest = Long.MAX_VALUE;
        for (int partition = 0; partition < partitions; partition++) {
            Long watermark = watermarks.get(partition);
            if (watermark == null) {
                return OptionalLong.empty();
            }
            slowest = Math.min(slowest, watermark);
        }
        return OptionalLong.of(slowest);
    }

    /**
     * The latest deadline that may be evaluated now (epoch millis), or -1 for none: passed by the clock
     * and strictly older than the slowest watermark.
     */
    static long evaluableUpTo(long now, OptionalLong slowest) {
        if (slowest.isEmpty()) {
            return -1;
        }
        return Math.min(now, slowest.getAsLong() - 1);
    }

    /** Whether a message whose delivery deadline is {@code deadline} may fall back for want of a {@code delivered}. */
    static boolean mayFallBack(long deadline, long now, OptionalLong slowest) {
        return deadline <= evaluableUpTo(now, slowest);
    }
}
