package io.sbme.support.outage;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;

/**
 * The dependencies of this service and what an outage of one does: the listener containers that
 * need it pause when its breaker opens, a probe checks every {@code sbme.outage.probe-every}
 * whether it is back, and they resume once the probe succeeds and the breaker closes. The records
 * a stage has in hand when the outage begins are held ({@link #holdThrough}) and tried again
 * afterwards, in order: an outage delays records, it never dead-letters or skips them.
 */
public class Outages implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(Outages.class);

    private final CircuitBreakerRegistry breakers;
    private final OutageProperties properties;
    private final ObjectProvider<KafkaListenerEndpointRegistry> listeners;
    private final Map<String, Dependency> dependencies = new ConcurrentHashMap<>();
    private final Set<String> pausedByUs = ConcurrentHashMap.newKeySet();
    private final Object changed = new Object();
    private ScheduledExecutorService prober;
    private volatile boolean running;

    public Outages(CircuitBreakerRegistry breakers, OutageProperties properties,
                   ObjectProvider<KafkaListenerEndpointRegistry> listeners) {
        this.breakers = breakers;
        this.properties = properties;
        this.listeners = listeners;
    }

    /**
     * Declares a dependency.
     *
     * @param probe a cheap call that answers whether the dependency is back; null to let the held
     *              records themselves be the trial calls
     * @param containers the listener ids (as in {@code @KafkaListener(id)}) that pause while it is down
     * @param outageErrors exceptions from its client that mean it is unavailable as a whole
     */
    @SafeVarargs
    public final Dependency register(String name, BooleanSupplier probe, Predicate<String> containers,
                                     Class<? extends Throwable>... outageErrors) {
        return dependencies.computeIfAbsent(name, n -> {
            CircuitBreaker breaker = breakers.circuitBreaker(n);
            breaker.getEventPublisher().onStateTransition(event -> {
                CircuitBreaker.StateTransition transition = event.getStateTransition();
                if (transition == CircuitBreaker.StateTransition.CLOSED_TO_OPEN) {
                    log.warn("{} is unavailable: pausing what needs it", n);
                } else if (transition.getToState() == CircuitBreaker.State.CLOSED) {
                    log.info("{} is back", n);
                } else {
                    // A failed probe re-opens the breaker every few seconds: not news while the outage lasts.
                    log.debug("{}: {}", n, transition);
                }
                reconcile();
                synchronized (changed) {
                    changed.notifyAll();
                }
            });
            return new Dependency(n, breaker, probe, containers, List.of(outageErrors));
        });
    }

    /**
     * Runs the work; while it fails for an outage of a dependency, waits until the dependency is
     * back and runs it again. Other failures propagate as they are.
     */
    public void holdThrough(Runnable work) {
        while (true) {
            Dependency down;
            try {
                work.run();
                dependencies.values().stream().filter(Dependency::classifies).forEach(Dependency::reached);
                return;
            } catch (DependencyDown e) {
                down = e.dependency();
            } catch (RuntimeException e) {
                down = dependencies.values().stream().filter(d -> d.isOutage(e)).findFirst().orElseThrow(() -> e);
                down.failed(e);
            }
            awaitBack(down);
        }
    }

    /** Waits until the dependency may be tried again; a short pause when its breaker has not opened yet. */
    void awaitBack(Dependency dependency) {
        try {
            if (dependency.up()) {
                Thread.sleep(properties.retryAfter());
            }
            while (running && !dependency.up()) {
                if (!dependency.hasProbe()) {
                    // The next try is the trial call: the breaker lets it through once it is half-open.
                    Thread.sleep(properties.probeEvery());
                    return;
                }
                synchronized (changed) {
                    changed.wait(properties.probeEvery().toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw dependency.down("interrupted");
        }
        if (!running) {
            // Shutting down: the record's offset is not committed, so the next start reads it again.
            throw dependency.down("stopping");
        }
    }

    /** Pauses the containers a down dependency needs and resumes those whose dependencies are all up again. */
    void reconcile() {
        KafkaListenerEndpointRegistry registry = listeners.getIfAvailable();
        if (registry == null) {
            return;
        }
        List<OutagePolicy.Need> needs = dependencies.values().stream()
                .map(d -> new OutagePolicy.Need(d.containers(), d.up())).toList();
        for (MessageListenerContainer container : registry.getAllListenerContainers()) {
            String id = container.getListenerId();
            boolean pause = OutagePolicy.paused(id, needs);
            if (pause && pausedByUs.add(id)) {
                log.warn("pausing {} until its dependencies are back", id);
                container.pause();
            } else if (!pause && pausedByUs.remove(id)) {
                log.info("resuming {}", id);
                container.resume();
            }
        }
    }

    public boolean paused(String containerId) {
        return pausedByUs.contains(containerId);
    }

    @Override
    public void start() {
        running = true;
        prober = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("outage-probe").factory());
        long every = properties.probeEvery().toMillis();
        prober.scheduleWithFixedDelay(() -> dependencies.values().forEach(d -> {
            try {
                d.probe();
            } catch (RuntimeException e) {
                log.debug("probe of {} failed: {}", d.name(), e.toString());
            }
        }), every, every, TimeUnit.MILLISECONDS);
    }

    /** Stopped after the listener containers: records still held then are read again at the next start. */
    @Override
    public void stop() {
        running = false;
        synchronized (changed) {
            changed.notifyAll();
        }
        if (prober != null) {
            prober.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // Below the listener containers' phase, so they stop first and start last.
        return 0;
    }
}
