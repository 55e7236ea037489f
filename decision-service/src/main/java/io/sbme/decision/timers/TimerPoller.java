package io.sbme.decision.timers;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Polls the durable timers and fires the due ones with their handlers. Any number of instances
 * may poll the same Redis: claiming is atomic (see {@link TimerStore}).
 */
public class TimerPoller implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TimerPoller.class);

    private final TimerStore store;
    private final Map<String, TimerHandler> handlers;
    private final Clock clock;
    private final Duration interval;
    private final Duration lease;
    private final int batch;
    private final boolean autoStartup;
    private ScheduledExecutorService executor;

    public TimerPoller(TimerStore store, List<TimerHandler> handlers, Clock clock, Duration interval, Duration lease,
                       int batch, boolean autoStartup) {
        this.autoStartup = autoStartup;
        this.store = store;
        this.handlers = handlers.stream().collect(Collectors.toMap(TimerHandler::kind, Function.identity()));
        this.clock = clock;
        this.interval = interval;
        this.lease = lease;
        this.batch = batch;
    }

    /** Fires what is due now; answers how many timers fired. */
    public int pollOnce() {
        List<TimerStore.Timer> due = store.claimDue(clock.instant(), lease, batch);
        int fired = 0;
        for (TimerStore.Timer timer : due) {
            TimerHandler handler = handlers.get(timer.kind());
            try {
                if (handler == null) {
                    log.warn("no handler for timer kind {}; dropping timer {}", timer.kind(), timer.id());
                } else {
                    handler.fire(timer, clock.instant());
                    fired++;
                }
                store.complete(timer);
            } catch (RuntimeException e) {
                log.warn("timer {} failed; it fires again after the lease of {}", timer.id(), lease, e);
            }
        }
        return fired;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("timer-poller").daemon().factory());
        executor.scheduleWithFixedDelay(() -> {
            try {
                while (pollOnce() >= batch) {
                    // a full batch: more may be due, poll again at once
                }
            } catch (RuntimeException e) {
                log.warn("timer poll failed: {}", e.toString());
            }
        }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            executor = null;
        }
    }

    @Override
    public boolean isAutoStartup() {
        return autoStartup;
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
