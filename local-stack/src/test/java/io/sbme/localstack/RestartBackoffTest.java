package io.sbme.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RestartBackoffTest {

    private final RestartBackoff policy = RestartBackoff.LAUNCHER;

    @Test
    void delaysDoubleFromOneSecondUpToThirty() {
        assertThat(policy.delay(1)).isEqualTo(Duration.ofSeconds(1));
        assertThat(policy.delay(2)).isEqualTo(Duration.ofSeconds(2));
        assertThat(policy.delay(3)).isEqualTo(Duration.ofSeconds(4));
        assertThat(policy.delay(5)).isEqualTo(Duration.ofSeconds(16));
        assertThat(policy.delay(6)).isEqualTo(Duration.ofSeconds(30));
        assertThat(policy.delay(500)).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aQuickFailureCountsOnAndAStableMinuteStartsAgain() {
        assertThat(policy.attempt(0, Duration.ofSeconds(3))).isEqualTo(1);
        assertThat(policy.attempt(3, Duration.ofSeconds(59))).isEqualTo(4);
        assertThat(policy.attempt(7, Duration.ofSeconds(60))).isEqualTo(1);
        assertThat(policy.attempt(7, Duration.ofHours(2))).isEqualTo(1);
    }

    @Test
    void givesUpOnlyAfterTenQuickFailuresInARow() {
        assertThat(policy.givesUp(10)).isFalse();
        assertThat(policy.givesUp(11)).isTrue();
    }

    @Test
    void attemptsAreCountedFromOne() {
        assertThatThrownBy(() -> policy.delay(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
