package io.sbme.support.outage;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How a dependency's circuit breaker decides that an outage began and ended.
 *
 * @param failureRatePercent failed calls, in percent of the window, that open the breaker
 * @param slidingWindowCalls calls the failure rate is measured over
 * @param minimumCalls calls needed before the rate counts (a single failure is one message's problem)
 * @param openFor how long an open breaker refuses calls before a probe may try again
 * @param probeEvery how often a paused stage checks whether its dependency is back
 * @param retryAfter how long a record waits before it is tried again while the breaker is still closed
 */
@ConfigurationProperties("sbme.outage")
public record OutageProperties(Integer failureRatePercent, Integer slidingWindowCalls, Integer minimumCalls,
                               Duration openFor, Duration probeEvery, Duration retryAfter) {

    public OutageProperties {
        failureRatePercent = failureRatePercent == null ? 50 : failureRatePercent;
        slidingWindowCalls = slidingWindowCalls == null ? 10 : slidingWindowCalls;
        minimumCalls = minimumCalls == null ? 3 : minimumCalls;
        openFor = openFor == null ? Duration.ofSeconds(2) : openFor;
        probeEvery = probeEvery == null ? Duration.ofSeconds(1) : probeEvery;
        retryAfter = retryAfter == null ? Duration.ofMillis(500) : retryAfter;
    }
}
