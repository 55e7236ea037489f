package io.sbme.tracking.messages;

import io.sbme.contracts.Channel;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.Topics;
import io.sbme.tracking.status.StatusTracker;
import java.util.List;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Builds the message registry from {@code composed-messages} (renditions, link code, destination,
 * flow, variant) and {@code dispatch-results} (attempts, provider ids, fallbacks, outcomes). The two
 * topics are read independently, so either may create the document first.
 */
@Component
class RegistryStage {

    private final MessageRegistry registry;
    private final StatusTracker statuses;

    RegistryStage(MessageRegistry registry, StatusTracker statuses) {
        this.registry = registry;
        this.statuses = statuses;
    }

    @KafkaListener(topics = Topics.COMPOSED_MESSAGES, groupId = "${spring.application.name}-composed")
    void on(MessageComposed composed) {
        if (composed == null || composed.messageId() == null || composed.userId() == null) {
            return;
        }
        registry.update(composed.messageId(), existing -> {
            TrackedMessage message = existing != null ? existing : new TrackedMessage();
            message.messageId = composed.messageId();
            message.userId = composed.userId();
            message.flow = composed.flow();
            message.variant = composed.variant();
            message.experimentArm = composed.experimentArm();
            message.templateId = composed.templateId();
            message.templateVersion = composed.templateVersion();
            message.channelPlan = composed.channelPlan() == null ? List.of() : List.copyOf(composed.channelPlan());
            message.whatsappCard = composed.whatsapp() == null ? null : composed.whatsapp().card();
            message.sms = composed.sms();
            message.instagram = composed.instagram();
            message.trackingUrl = composed.trackingUrl();
            message.code = LinkCodes.codeOf(composed.trackingUrl());
            message.destinationUrl = composed.destinationUrl();
            message.composed = true;
            if (message.createdAt == null || (composed.composedAt() != null && composed.composedAt().isBefore(message.createdAt))) {
                message.createdAt = composed.composedAt();
            }
            if (message.updatedAt == null) {
                message.updatedAt = composed.composedAt();
            }
            return new MessageRegistry.Change<>(message, null);
        });
        statuses.replayPending(composed.messageId());
    }

    @KafkaListener(topics = Topics.DISPATCH_RESULTS, groupId = "${spring.application.name}-dispatch")
    void on(DispatchResult result) {
        if (result == null || result.messageId() == null || result.userId() == null || result.channel() == null) {
            return;
        }
        registry.update(result.messageId(), existing -> {
            TrackedMessage message = existing != null ? existing : new TrackedMessage();
            if (existing == null) {
                message.messageId = result.messageId();
                message.userId = result.userId();
                message.flow = result.flow();
                message.variant = result.variant();
                message.createdAt = result.at();
            }
            message.addAttempt(new TrackedMessage.AttemptRecord(result.resultId(), result.channel(), result.attempt(),
                    result.outcome(), result.cause(), result.providerMessageId(), result.errorCode(), result.at()));
            if (result.outcome() == DispatchOutcome.SENT) {
                message.progress = message.progress.accepted(result.channel());
                if (message.fallback != null && message.fallback.to() == null && message.fallback.from() != result.channel()) {
                    message.fallback = new TrackedMessage.Fallback(message.fallback.from(), result.channel(), message.fallback.cause());
                }
            } else if (result.outcome() == DispatchOutcome.FELL_BACK) {
                message.progress = message.progress.fellBackFrom(result.channel());
                message.fallback = new TrackedMessage.Fallback(result.channel(), nextChannel(message.channelPlan, result.channel()),
                        result.cause());
            }
            if (message.updatedAt == null || (result.at() != null && result.at().isAfter(message.updatedAt))) {
                message.updatedAt = result.at();
            }
            return new MessageRegistry.Change<>(message, null);
        });
        statuses.replayPending(result.messageId());
        if (result.providerMessageId() != null) {
            statuses.replayPending(result.providerMessageId());
        }
    }

    private static Channel nextChannel(List<Channel> plan, Channel from) {
        int at = plan.indexOf(from);
        return at >= 0 && at + 1 < plan.size() ? plan.get(at + 1) : null;
    }
}
