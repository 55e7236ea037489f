package io.sbme.support.outage;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.Collection;
import java.util.function.Predicate;

/**
 * Which listener containers run during an outage: a container is paused while any dependency it
 * needs is not known to be up, and runs again once every one of them is.
 */
public final class OutagePolicy {

    /** One dependency as the policy sees it: the containers that need it and whether it is up. */
    public record Need(Predicate<String> containers, boolean up) {
    }

    private OutagePolicy() {
    }

    /**
     * Up only when closed: a half-open breaker is still being probed, and records let through before
     * the probe succeeds would only fail again.
     */
    public static boolean up(CircuitBreaker.State state) {
        return switch (state) {
            case CLOSED, DISABLED, METRICS_ONLY -> true;
            case OPEN, HALF_OPEN, FORCED_OPEN -> false;
        };
    }

    /** Whether the container with this listener id must be paused now. */
    public static boolean paused(String containerId, Collection<Need> needs) {
        return containerId != null && needs.stream().anyMatch(n -> !n.up() && n.containers().test(containerId));
    }
}
