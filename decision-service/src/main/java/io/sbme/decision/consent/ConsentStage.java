package io.sbme.decision.consent;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.Topics;
import io.sbme.decision.Candidate;
import io.sbme.decision.Decider;
import io.sbme.decision.DecisionEngine;
import io.sbme.decision.Ids;
import io.sbme.decision.confirmation.ConfirmationFlow;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.AbstractConsumerSeekAware;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Follows {@code consent-state}: updates the view; a revoke or a delete (tombstone) cancels the
 * user's timers and holds at once, each recorded as SUPPRESS {@code consent_revoked}; consent that
 * arrives releases the user's holds; a number pending its owner's confirmation keeps them held and,
 * when the storefront asked for it, gets the confirmation message.
 *
 * <p>It re-reads the compacted topic from the start on every assignment, so the view is whole even
 * when Redis lost it; the version check makes the replay a no-op where the view is current.
 */
@Component
class ConsentStage extends AbstractConsumerSeekAware {

    private final ConsentView view;
    private final DecisionEngine engine;

    ConsentStage(ConsentView view, DecisionEngine engine) {
        this.view = view;
        this.engine = engine;
    }

    @Override
    public void onPartitionsAssigned(Map<TopicPartition, Long> assignments, ConsumerSeekCallback callback) {
        super.onPartitionsAssigned(assignments, callback);
        callback.seekToBeginning(assignments.keySet());
    }

    @KafkaListener(topics = Topics.CONSENT_STATE, groupId = "decision-service-consent")
    void on(ConsumerRecord<String, ConsentState> record) {
        ConsentState state = record.value();
        if (state == null) {
            if (record.key() != null) {
                view.erase(record.key());
                engine.cancelEverything(record.key(), "the user deleted their data");
            }
            return;
        }
        if (state.userId() == null || !view.update(state)) {
            return;
        }
        boolean reachable = state.allows(Channel.WHATSAPP) || state.allows(Channel.SMS);
        if (reachable) {
            engine.releaseHolds(state.userId());
        } else if (state.status() == ConsentStatus.PENDING) {
            if (ConfirmationFlow.requested(state)) {
                Candidate candidate = ConfirmationFlow.candidate(state);
                engine.decide(candidate, Decider.Options.AUTOMATIC,
                        Ids.derived("d-", state.userId(), candidate.ref()));
            }
        } else if (state.status() != ConsentStatus.ANONYMOUS) {
            engine.cancelEverything(state.userId(), "consent revoked");
        }
    }
}
