package io.sbme.support.outage;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutagePolicyTest {

    private static final OutagePolicy.Need VAULT_DOWN = new OutagePolicy.Need(id -> id.startsWith("dispatch"), false);
    private static final OutagePolicy.Need REDIS_UP = new OutagePolicy.Need(id -> true, true);

    @Test
    void aContainerPausesWhileADependencyItNeedsIsDown() {
        assertThat(OutagePolicy.paused("dispatch-composed", List.of(VAULT_DOWN, REDIS_UP))).isTrue();
    }

    @Test
    void aContainerThatDoesNotNeedTheDownDependencyRuns() {
        assertThat(OutagePolicy.paused("channel-control", List.of(VAULT_DOWN, REDIS_UP))).isFalse();
    }

    @Test
    void aContainerRunsAgainOnlyWhenEveryDependencyItNeedsIsUp() {
        OutagePolicy.Need redisDown = new OutagePolicy.Need(id -> true, false);
        assertThat(OutagePolicy.paused("dispatch-composed", List.of(new OutagePolicy.Need(id -> true, true), redisDown)))
                .isTrue();
        assertThat(OutagePolicy.paused("dispatch-composed", List.of(new OutagePolicy.Need(id -> true, true), REDIS_UP)))
                .isFalse();
    }

    @Test
    void onlyAClosedBreakerCountsAsUpAHalfOpenOneIsStillBeingProbed() {
        assertThat(OutagePolicy.up(CircuitBreaker.State.CLOSED)).isTrue();
        assertThat(OutagePolicy.up(CircuitBreaker.State.HALF_OPEN)).isFalse();
        assertThat(OutagePolicy.up(CircuitBreaker.State.OPEN)).isFalse();
    }
}
