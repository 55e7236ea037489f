package io.sbme.decision.abandonedcart;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.decision.timers.TimerStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConversionExitTest {

    private static final Duration DELAY = Duration.ofMinutes(30);
    private static final Instant ORDER = Instant.parse("2026-11-24T10:00:00Z");

    private static TimerStore.Timer armedAt(Instant armed) {
        return new TimerStore.Timer("abandoned_cart:u-1", "abandoned_cart", "u-1", armed.plus(DELAY), "{}");
    }

    @Test
    void aConversionEndsTheCountdownOfTheCartItPaidFor() {
        assertThat(ConversionExit.armedBy(armedAt(ORDER.minusSeconds(120)), DELAY, ORDER)).isTrue();
        assertThat(ConversionExit.armedBy(armedAt(ORDER), DELAY, ORDER)).isTrue();
    }

    @Test
    void aRedeliveredOrLateConversionLeavesACartBegunAfterTheOrderAlone() {
        assertThat(ConversionExit.armedBy(armedAt(ORDER.plusSeconds(1)), DELAY, ORDER)).isFalse();
        assertThat(ConversionExit.armedBy(armedAt(ORDER.plus(Duration.ofHours(3))), DELAY, ORDER)).isFalse();
    }
}
