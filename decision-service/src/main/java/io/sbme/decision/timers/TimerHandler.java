package io.sbme.decision.timers;

import java.time.Instant;

/** Does the work of one kind of timer when it comes due. */
public interface TimerHandler {

    /** The timer kind this handler fires, e.g. {@code abandoned_cart}. */
    String kind();

    /** Fires the timer; throwing leaves it claimed, so it fires again after the lease. */
    void fire(TimerStore.Timer timer, Instant now);
}
