package io.sbme.decision;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.Topics;
import io.sbme.decision.caps.CapStore;
import io.sbme.decision.caps.FrequencyCaps;
import io.sbme.decision.channel.ChannelView;
import io.sbme.decision.consent.ConsentView;
import io.sbme.decision.timers.TimerHandler;
import io.sbme.decision.timers.TimerStore;
import io.sbme.support.kafka.ContractPublisher;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.stereotype.Component;

/**
 * Applies {@link Decider} with the user's live state (consent, paused channels, cap history) and
 * carries the outcome out: publishes every decision on {@code decisions}, counts marketing sends
 * against the caps (the user's and their number's), parks no-consent holds ({@code dec:holds:<userId>}) and quiet-hours deferrals
 * in durable timers, and releases or cancels them when consent changes.
 */
@Component
public class DecisionEngine {

    public static final String HOLD_EXPIRY = "hold_expiry";
    public static final String QUIET_RELEASE = "quiet_release";
    static final String HOLDS = "dec:holds:";
    private static final Logger log = LoggerFactory.getLogger(DecisionEngine.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);

    private final Decider decider;
    private final DecisionProperties properties;
    private final ConsentView consent;
    private final ChannelView channels;
    private final CapStore caps;
    private final DecisionLog decisionLog;
    private final TimerStore timers;
    private final StringRedisTemplate redis;
    private final ContractPublisher publisher;
    private final Clock clock;
    private final MeterRegistry meters;

    DecisionEngine(DecisionProperties properties, ConsentView consent, ChannelView channels, CapStore caps,
                   DecisionLog decisionLog, TimerStore timers, StringRedisTemplate redis, ContractPublisher publisher,
                   Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.decider = new Decider(properties);
        this.properties = properties;
        this.consent = consent;
        this.channels = channels;
        this.caps = caps;
        this.decisionLog = decisionLog;
        this.timers = timers;
        this.redis = redis;
        this.publisher = publisher;
        this.clock = clock;
    }

    public Instant now() {
        return clock.instant();
    }

    /** Decides without acting (previews). */
    public Decision evaluate(Candidate candidate, Decider.Options options, String decisionId, String messageId) {
        Instant now = clock.instant();
        ConsentState state = consent.of(candidate.userId());
        FrequencyCaps.History history = candidate.marketing()
                ? caps.history(candidate.userId(), numberKey(state), candidate.flow(), candidate.ref(), now)
                : FrequencyCaps.History.NONE;
        var situation = new Decider.Situation(state, channels.paused(), history);
        return decider.decide(candidate, situation, options, decisionId, messageId, now);
    }

    /** Decides and carries the outcome out. */
    public Decision decide(Candidate candidate, Decider.Options options, String decisionId) {
        Decision decision = evaluate(candidate, options, decisionId, Ids.messageFor(decisionId));
        act(decision, candidate, options);
        return decision;
    }

    /** Publishes the decision (waiting for Kafka's acknowledgement) and does what its outcome asks. */
    public void act(Decision decision, Candidate candidate, Decider.Options options) {
        publisher.publishAndWait(Topics.DECISIONS, decision.userId(), decision, PUBLISH_TIMEOUT);
        decisionLog.add(decision);
        count(decision);
        log.info("decision {} {} {} for flow {}: {}", decision.decisionId(), decision.outcome(), decision.reason(),
                decision.flow().wireName(), decision.explanation());
        if (decision.outcome() == DecisionOutcome.SEND && decision.marketing()) {
            caps.record(decision.userId(), numberKey(consent.of(decision.userId())), decision.flow(), candidate.ref(),
                    decision.messageId(), decision.decidedAt());
        } else if (decision.outcome() == DecisionOutcome.HOLD && "no_consent".equals(decision.reason())) {
            String holdId = decision.decisionId();
            Deferred deferred = new Deferred(candidate, options, holdId);
            redis.opsForHash().put(HOLDS + decision.userId(), holdId, ContractJson.writeString(deferred));
            timers.schedule(new TimerStore.Timer(HOLD_EXPIRY + ":" + holdId, HOLD_EXPIRY, decision.userId(),
                    decision.decidedAt().plus(properties.active().holdExpiry()), ContractJson.writeString(deferred)));
        } else if (decision.outcome() == DecisionOutcome.HOLD && decision.notBefore() != null) {
            timers.schedule(new TimerStore.Timer(QUIET_RELEASE + ":" + decision.decisionId(), QUIET_RELEASE,
                    decision.userId(), decision.notBefore(),
                    ContractJson.writeString(new Deferred(candidate, options, decision.decisionId()))));
        }
    }

    /** Publishes a SUPPRESS for something that will not be decided further (consent revoked, hold expired). */
    public Decision suppress(Candidate candidate, String decisionId, String reason, String explanation) {
        Decision decision = new Decision(Decision.SCHEMA_VERSION, decisionId, null, candidate.eventId(), candidate.userId(),
                candidate.flow(), DecisionOutcome.SUPPRESS, reason, explanation, candidate.product(),
                candidate.discountPercent(), null, null, null, List.of(), candidate.ctaUrl(), candidate.marketing(), false,
                candidate.trigger(), properties.active().deliveryTtl().toSeconds(), null, clock.instant());
        publisher.publishAndWait(Topics.DECISIONS, decision.userId(), decision, PUBLISH_TIMEOUT);
        decisionLog.add(decision);
        count(decision);
        return decision;
    }

    private static String numberKey(ConsentState state) {
        return state == null ? null : state.numberKey();
    }

    /** Decisions by flow, outcome and reason: all bounded sets of codes, never ids. */
    private void count(Decision decision) {
        meters.counter("sbme.decisions", "flow", decision.flow().wireName(), "outcome", decision.outcome().name(),
                "reason", decision.reason()).increment();
    }

    /**
     * Consent was revoked or the user deleted: cancels every pending timer and hold of the user at
     * once and records a SUPPRESS {@code consent_revoked} for each.
     */
    public List<Decision> cancelEverything(String userId, String why) {
        List<Decision> cancelled = new ArrayList<>();
        for (TimerStore.Timer timer : timers.cancelAll(userId)) {
            Deferred deferred = ContractJson.read(timer.payload(), Deferred.class);
            cancelled.add(suppress(deferred.candidate(), Ids.derived("d-", timer.id(), "cancelled"), "consent_revoked",
                    "Cancelled before sending: " + why + "."));
        }
        redis.delete(HOLDS + userId);
        return cancelled;
    }

    /** Consent arrived: every held candidate of the user is decided again now. */
    public List<Decision> releaseHolds(String userId) {
        Map<Object, Object> held = redis.opsForHash().entries(HOLDS + userId);
        List<Decision> released = new ArrayList<>();
        for (var entry : held.entrySet()) {
            String holdId = entry.getKey().toString();
            if (redis.opsForHash().delete(HOLDS + userId, holdId) == 0) {
                continue;
            }
            timers.cancel(HOLD_EXPIRY + ":" + holdId);
            Deferred deferred = ContractJson.read(entry.getValue().toString(), Deferred.class);
            released.add(decide(deferred.candidate().withTrigger("consent_released"), deferred.options(),
                    Ids.derived("d-", holdId, "released")));
        }
        return released;
    }

    public long erase(String userId) {
        long erased = timers.cancelAll(userId).size();
        erased += Boolean.TRUE.equals(redis.delete(HOLDS + userId)) ? 1 : 0;
        erased += Boolean.TRUE.equals(redis.delete(CustomerEventStage.SUPPORT_ACK + userId)) ? 1 : 0;
        return erased;
    }

    /** A no-consent hold ran out: SUPPRESS {@code hold_expired}. */
    TimerHandler holdExpiry() {
        return new TimerHandler() {
            @Override
            public String kind() {
                return HOLD_EXPIRY;
            }

            @Override
            public void fire(TimerStore.Timer timer, Instant now) {
                Deferred deferred = ContractJson.read(timer.payload(), Deferred.class);
                if (redis.opsForHash().delete(HOLDS + timer.userId(), deferred.holdId()) > 0) {
                    suppress(deferred.candidate(), Ids.derived("d-", timer.id(), timer.dueAt().toString()), "hold_expired",
                            "Held for consent for " + properties.active().holdExpiry().toMinutes()
                                    + " min; no consent arrived, so it expired.");
                }
            }
        };
    }

    /** Quiet hours are over: decide the deferred candidate again. */
    TimerHandler quietRelease() {
        return new TimerHandler() {
            @Override
            public String kind() {
                return QUIET_RELEASE;
            }

            @Override
            public void fire(TimerStore.Timer timer, Instant now) {
                Deferred deferred = ContractJson.read(timer.payload(), Deferred.class);
                decide(deferred.candidate().withTrigger("timer"), deferred.options(),
                        Ids.derived("d-", timer.id(), timer.dueAt().toString()));
            }
        };
    }
}
