package io.sbme.support.outage;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Something a stage cannot work without (the vault, Redis, a provider): its circuit breaker, a
 * cheap probe that tells whether it is back, the listener containers that pause while it is down,
 * and the exceptions that mean an outage of it rather than a failure of one record.
 */
public final class Dependency {

    private final String name;
    private final CircuitBreaker breaker;
    private final BooleanSupplier probe;
    private final Predicate<String> containers;
    private final List<Class<? extends Throwable>> outageErrors;

    Dependency(String name, CircuitBreaker breaker, BooleanSupplier probe, Predicate<String> containers,
               List<Class<? extends Throwable>> outageErrors) {
        this.name = name;
        this.breaker = breaker;
        this.probe = probe;
        this.containers = containers;
        this.outageErrors = outageErrors;
    }

    public String name() {
        return name;
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    public boolean up() {
        return OutagePolicy.up(breaker.getState());
    }

    /** An exception that tells this dependency is down, for a caller that does not throw {@link DependencyDown}. */
    public DependencyDown down(String cause) {
        return new DependencyDown(this, cause);
    }

    /** Records a call that failed because the dependency is unavailable. */
    public void failed(Throwable failure) {
        breaker.onError(0, TimeUnit.NANOSECONDS, failure);
    }

    /** Records a call that reached the dependency. */
    public void reached() {
        if (breaker.getState() == CircuitBreaker.State.CLOSED) {
            breaker.onSuccess(0, TimeUnit.NANOSECONDS);
        }
    }

    boolean needs(String containerId) {
        return containers.test(containerId);
    }

    Predicate<String> containers() {
        return containers;
    }

    /** Whether outages of it show as exceptions of its client rather than as {@link DependencyDown}. */
    boolean classifies() {
        return !outageErrors.isEmpty();
    }

    boolean hasProbe() {
        return probe != null;
    }

    /** Runs the probe as the breaker's half-open trial call, when the breaker lets one through. */
    void probe() {
        if (probe == null || up() || !breaker.tryAcquirePermission()) {
            return;
        }
        long started = System.nanoTime();
        boolean back;
        try {
            back = probe.getAsBoolean();
        } catch (RuntimeException e) {
            back = false;
        }
        long took = System.nanoTime() - started;
        if (back) {
            breaker.onSuccess(took, TimeUnit.NANOSECONDS);
        } else {
            breaker.onError(took, TimeUnit.NANOSECONDS, new IllegalStateException(name + " probe failed"));
        }
    }

    /** Whether this failure, or one of its causes, is an outage of this dependency. */
    boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Throwable current = t;
            if (outageErrors.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return false;
    }
}
