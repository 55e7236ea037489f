package io.sbme.dashboard;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.ChannelControl;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.CustomerEvent;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.PrivacyAck;
import io.sbme.contracts.PrivacyRequest;
import io.sbme.contracts.Topics;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import io.sbme.dashboard.audit.AuditChain;
import io.sbme.dashboard.audit.AuditEntries;
import io.sbme.dashboard.experiment.ExperimentReport;
import io.sbme.dashboard.metrics.MetricsStore;
import io.sbme.dashboard.metrics.Tallies;
import io.sbme.dashboard.metrics.Tally;
import io.sbme.dashboard.timeline.CustomerEventLog;
import io.sbme.dashboard.timeline.Journeys;
import io.sbme.dashboard.timeline.Timeline;
import io.sbme.dashboard.timeline.TimelineEntries;
import io.sbme.dashboard.timeline.TimelineEntry;
import io.sbme.dashboard.stages.StageTroubles;
import io.sbme.support.poison.StageRestart;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Reads every topic: each record moves the counters once ({@link Tallies}, idempotent on the
 * record's id), then shows on the timeline and in its message's journey. Records without an id
 * of their own (channel pauses, privacy requests) are keyed by what identifies them.
 */
@Component
class DashboardStage {

    private final MetricsStore metrics;
    private final Timeline timeline;
    private final Journeys journeys;
    private final AuditChain audit;
    private final CustomerEventLog customerEvents;
    private final StageTroubles troubles;

    DashboardStage(MetricsStore metrics, Timeline timeline, Journeys journeys, AuditChain audit,
                   CustomerEventLog customerEvents, StageTroubles troubles) {
        this.troubles = troubles;
        this.metrics = metrics;
        this.timeline = timeline;
        this.journeys = journeys;
        this.audit = audit;
        this.customerEvents = customerEvents;
    }

    @KafkaListener(topics = Topics.CUSTOMER_EVENTS)
    void on(CustomerEvent event) {
        if (event.eventId() == null) {
            return;
        }
        // Events move no counter; they are remembered briefly, being the high-volume topic.
        customerEvents.record(event.eventId(), event.userId(), TimelineEntries.of(event));
    }

    @KafkaListener(topics = Topics.DECISIONS)
    void on(Decision decision) {
        Optional<Tally> tally = Tallies.of(decision);
        if (tally.isPresent() && record(tally.get(), forgetErased(TimelineEntries.of(decision), decision.userId()), true)
                && decision.experimentArm() != null && decision.flow() != null && decision.userId() != null) {
            metrics.assign(decision.flow().wireName(), arm(decision.experimentArm()), member(decision.userId()));
        }
    }

    @KafkaListener(topics = Topics.COMPOSED_MESSAGES)
    void on(MessageComposed message) {
        if (message.messageId() != null) {
            record(new Tally("composed:" + message.messageId(), message.composedAt(), List.of(), null),
                    forgetErased(TimelineEntries.of(message), message.userId()), true);
        }
    }

    @KafkaListener(topics = Topics.DISPATCH_RESULTS)
    void on(DispatchResult result) {
        Tallies.of(result).ifPresent(tally -> record(tally, forgetErased(TimelineEntries.of(result), result.userId()), true));
    }

    @KafkaListener(topics = Topics.TRACKING_EVENTS)
    void on(TrackingEvent event) {
        Optional<Tally> tally = Tallies.of(event);
        if (tally.isEmpty() || !record(tally.get(), forgetErased(TimelineEntries.of(event), event.userId()), true)) {
            return;
        }
        if (event.status() == TrackingStatus.CONVERTED && event.flow() != null && event.userId() != null) {
            String arm = "holdout".equals(event.detail()) ? ExperimentReport.HOLDOUT : event.variant();
            if (arm != null) {
                metrics.convert(event.flow().wireName(), arm(arm), member(event.userId()));
            }
        }
    }

    /** Takes the raw record because a deleted user's consent is a tombstone (null value). */
    @KafkaListener(topics = Topics.CONSENT_STATE)
    void on(ConsumerRecord<String, ConsentState> record) {
        ConsentState state = record.value();
        if (state != null) {
            Tallies.of(state).ifPresent(tally -> record(tally, forgetErased(TimelineEntries.of(state), state.userId()), false));
        }
    }

    @KafkaListener(topics = Topics.CHANNEL_CONTROL)
    void on(ChannelControl control) {
        if (control.channel() == null) {
            return;
        }
        String key = "channel:" + control.channel().wireName() + ":" + control.changedAt() + ":" + control.paused();
        if (record(new Tally(key, control.changedAt(), List.of(), null), TimelineEntries.of(control), false)) {
            metrics.channel(control.channel().wireName(), control.paused());
        }
    }

    @KafkaListener(topics = Topics.AUDIT_LOG)
    void on(AuditEntry received) {
        AuditEntry entry = AuditEntries.current(received);
        if (entry.entryId() != null) {
            audit.append(entry).ifPresent(link -> timeline.append(TimelineEntries.of(entry, link.redacted())));
            if (StageRestart.ACTION.equals(entry.action())) {
                Map<String, String> details = entry.details() == null ? Map.of() : entry.details();
                troubles.restart(entry.entryId(), new StageTroubles.Restart(entry.service(), entry.subject(),
                        details.get("offset"), details.get("starts"), entry.at()));
            }
        }
    }

    @KafkaListener(topics = Topics.PRIVACY_REQUESTS)
    void on(PrivacyRequest request) {
        if (request.requestId() != null) {
            record(new Tally("privacy:" + request.requestId(), request.requestedAt(), List.of(), null),
                    TimelineEntries.of(request), false);
        }
    }

    @KafkaListener(topics = Topics.PRIVACY_ACKS)
    void on(PrivacyAck ack) {
        if (ack.requestId() != null) {
            record(new Tally("ack:" + ack.requestId() + ":" + ack.service(), ack.completedAt(), List.of(), null),
                    TimelineEntries.of(ack), false);
        }
    }

    /**
     * Records about a user can trail the erase request (other topics, other partitions, a consumer
     * catching up): they still count, but keep no id. The audit chain's erase mark says who was erased.
     */
    private TimelineEntry forgetErased(TimelineEntry entry, String userId) {
        return userId != null && audit.userErased(userId) ? TimelineEntries.erased(entry, userId) : entry;
    }

    /** The member of the per-user sets that stands for this user: the id, or an erased user's placeholder. */
    private String member(String userId) {
        return audit.userErased(userId) ? MetricsStore.placeholder(userId) : userId;
    }

    /** Counts the record once; only a new record reaches the timeline and the journey. */
    private boolean record(Tally tally, TimelineEntry entry, boolean journey) {
        Tally counted = tally.oncePerUser() == null ? tally
                : new Tally(tally.recordKey(), tally.at(), tally.counts(), member(tally.oncePerUser()));
        if (!metrics.apply(counted)) {
            return false;
        }
        TimelineEntry stored = timeline.append(entry);
        if (journey) {
            journeys.addStep(stored);
        }
        return true;
    }

    private static String arm(String arm) {
        String cleaned = arm.replace("|", "_").replace(":", "_").strip();
        return cleaned.length() > 40 ? cleaned.substring(0, 40) : cleaned;
    }
}
