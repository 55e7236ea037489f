package io.sbme.tracking.progress;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.tracking.TrackingProperties;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WatermarkTest {

    private static final TrackingProperties.Progress RULES = new TrackingProperties.Progress(Duration.ofSeconds(1),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(10));
    private static final Instant T = Instant.parse("2026-12-05T03:00:00Z");

    @Test
    void followsTheClockBehindTheInFlightAllowanceWhenNothingArrives() {
        Watermark first = Watermark.NONE.next(T, T, null, RULES);
        Watermark second = first.next(T.plusSeconds(1), T.plusSeconds(1), null, RULES);

        assertThat(first.watermark()).isEqualTo(T.minusSeconds(5));
        assertThat(second.watermark()).as("no webhook at all: it still moves").isEqualTo(T.minusSeconds(4));
        assertThat(second.tickAt()).isEqualTo(T.plusSeconds(1));
    }

    @Test
    void staysBehindTheOldestParkedStatus() {
        Watermark before = new Watermark(T.minusSeconds(20), T, null);

        Watermark next = before.next(T.plusSeconds(1), T.plusSeconds(1), T.minusSeconds(10), RULES);

        assertThat(next.watermark()).isEqualTo(T.minusSeconds(10));
    }

    @Test
    void neverMovesBack() {
        Watermark before = new Watermark(T.minusSeconds(2), T, null);

        Watermark next = before.next(T.plusSeconds(1), T.plusSeconds(1), T.minusSeconds(10), RULES);

        assertThat(next.watermark()).isEqualTo(T.minusSeconds(2));
    }

    @Test
    void afterAnOutageItHoldsWhileTheProvidersRetriesCanStillArrive() {
        // Nothing published for 60 s (tracking, its Redis or the broker away): webhooks failed meanwhile.
        Watermark before = new Watermark(T.minusSeconds(5), T, null);
        Instant back = T.plusSeconds(60);

        Watermark held = before.next(back, back, null, RULES);
        // Once back, progress is published every second again, so no further gap opens.
        Watermark stillHeld = held;
        for (int second = 1; second <= 89; second++) {
            stillHeld = stillHeld.next(back.plusSeconds(second), back.plusSeconds(second), null, RULES);
        }
        Watermark moving = stillHeld.next(back.plusSeconds(90), back.plusSeconds(90), null, RULES)
                .next(back.plusSeconds(91), back.plusSeconds(91), null, RULES);

        assertThat(held.watermark()).isEqualTo(T.minusSeconds(5));
        assertThat(held.holdUntil()).isEqualTo(back.plusSeconds(60 + 30));
        assertThat(stillHeld.watermark()).isEqualTo(T.minusSeconds(5));
        assertThat(moving.watermark()).isEqualTo(back.plusSeconds(91 - 5));
    }

    @Test
    void aShortPauseIsNoOutage() {
        Watermark before = new Watermark(T.minusSeconds(5), T, null);

        Watermark next = before.next(T.plusSeconds(9), T.plusSeconds(9), null, RULES);

        assertThat(next.holdUntil()).isNull();
        assertThat(next.watermark()).isEqualTo(T.plusSeconds(4));
    }

    @Test
    void aSecondOutageDuringTheHoldExtendsIt() {
        Watermark held = new Watermark(T.minusSeconds(5), T, T.plusSeconds(100));

        Watermark next = held.next(T.plusSeconds(50), T.plusSeconds(50), null, RULES);

        assertThat(next.holdUntil()).isEqualTo(T.plusSeconds(50 + 50 + 30));
        assertThat(next.watermark()).isEqualTo(T.minusSeconds(5));
    }
}
