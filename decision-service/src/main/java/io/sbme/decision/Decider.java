package io.sbme.decision;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.decision.caps.FrequencyCaps;
import io.sbme.decision.channel.ChannelPlanner;
import io.sbme.decision.experiment.Experiments;
import io.sbme.decision.quiethours.QuietHours;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules every flow shares, applied in order to a flow's {@link Candidate}: a consented, active
 * channel (else SUPPRESS {@code consent_revoked} for a shopper who withdrew consent, HOLD
 * {@code no_consent} for one who has not given it yet); the experiment arm (holdout → SUPPRESS {@code holdout});
 * frequency caps (SUPPRESS {@code frequency_cap}); quiet hours (HOLD {@code quiet_hours} until the
 * window opens); otherwise SEND. Service messages skip holdout, caps and quiet hours, never consent;
 * a forced send skips holdout, caps and quiet hours, never consent. The double opt-in confirmation
 * has a rule of its own: only to a pending number, on its one channel. Pure: inputs and an instant in,
 * a {@link Decision} out.
 */
public final class Decider {

    private final DecisionProperties properties;

    public Decider(DecisionProperties properties) {
        this.properties = properties;
    }

    /**
     * How the rules are bent for this decision.
     *
     * @param forced an admin force-send
     * @param skipHoldout a person asked for it right now (demo or admin trigger): not part of the experiment's holdout
     * @param skipQuietHours a person asked for it right now
     * @param skipCaps frequency caps do not apply (see {@code decision.demo-trigger-bypasses-caps})
     * @param requested a channel the admin insisted on, or null
     */
    public record Options(boolean forced, boolean skipHoldout, boolean skipQuietHours, boolean skipCaps,
                          Channel requested) {
        public static final Options AUTOMATIC = new Options(false, false, false, false, null);
        public static final Options ON_DEMAND = new Options(false, true, true, false, null);

        public static Options force(Channel channel) {
            return new Options(true, true, true, true, channel);
        }

        /** A person's trigger, with or without the caps. */
        public static Options onDemand(boolean skipCaps) {
            return new Options(false, true, true, skipCaps, null);
        }
    }

    /** What the rules need to know about the user at this instant. */
    public record Situation(ConsentState consent, Set<Channel> paused, FrequencyCaps.History history) {
    }

    public Decision decide(Candidate candidate, Situation situation, Options options, String decisionId,
                           String messageId, Instant now) {
        Experiments.Arm arm = candidate.marketing() && candidate.flow() != io.sbme.contracts.Flow.MANUAL
                ? Experiments.assign(candidate.userId(), candidate.flow().wireName(),
                properties.experiment().holdoutPercent(), properties.experiment().variants())
                : null;
        String variant = arm == null ? null : arm.variant();
        String armName = arm == null ? null : (arm.holdout() && options.skipHoldout() ? arm.variant() : arm.name());
        Draft draft = new Draft(candidate, decisionId, variant, armName, options.forced(), now);

        if (candidate.flow() == io.sbme.contracts.Flow.OPT_IN_CONFIRMATION) {
            return confirmation(draft, situation.consent(), messageId);
        }
        ChannelPlanner.Plan plan = ChannelPlanner.plan(situation.consent(), situation.paused());
        List<Channel> channels = plan.channels();
        if (options.requested() != null) {
            channels = channels.contains(options.requested()) ? List.of(options.requested()) : List.of();
        }
        if (channels.isEmpty() && situation.consent() != null
                && situation.consent().status() == io.sbme.contracts.ConsentStatus.REVOKED) {
            // Holding is for a shopper who has not decided yet; one who said no is not waited for.
            return draft.build(DecisionOutcome.SUPPRESS, "consent_revoked",
                    "Not sent: the shopper withdrew consent.", List.of(), null, null);
        }
        if (channels.isEmpty()) {
            String why = options.requested() != null
                    ? ChannelPlanner.label(options.requested()) + " is not consented"
                    : plan.note().isEmpty() ? "no channel is consented" : plan.note() + " and no other channel is consented";
            return draft.build(DecisionOutcome.HOLD, "no_consent", "Held: " + why
                    + "; released if consent arrives within " + properties.active().holdExpiry().toMinutes() + " min.",
                    List.of(), null, null);
        }
        if (plan.allPaused() && options.requested() == null) {
            return draft.build(DecisionOutcome.SUPPRESS, "channel_paused", "Not sent: " + plan.note()
                    + " and no other consented channel is active.", channels, null, null);
        }
        String channelNote = plan.note().isEmpty() ? "" : " " + plan.note() + ".";
        if (arm != null && arm.holdout() && !options.skipHoldout() && !options.forced()) {
            return draft.build(DecisionOutcome.SUPPRESS, "holdout", "Holdout arm of the " + candidate.flow().wireName()
                    + " experiment: decided but not sent, to measure uplift.", channels, null, null);
        }
        boolean exempt = !candidate.marketing() || options.forced();
        if (!exempt && !options.skipCaps()) {
            Optional<String> capped = FrequencyCaps.check(situation.history(), properties.caps(), now);
            if (capped.isPresent()) {
                return draft.build(DecisionOutcome.SUPPRESS, "frequency_cap", "Frequency cap: " + capped.get() + ".",
                        channels, null, null);
            }
        }
        if (!exempt && !options.skipQuietHours()) {
            var zone = QuietHours.zoneOf(situation.consent(), properties.quietHours().fallbackZone());
            Optional<Instant> opening = QuietHours.deferUntil(now, zone, properties.quietHours());
            if (opening.isPresent()) {
                return draft.build(DecisionOutcome.HOLD, "quiet_hours", "Quiet hours in " + zone.getId() + " ("
                        + properties.quietHours().start() + "–" + properties.quietHours().end() + "); deferred to "
                        + opening.get() + ".", channels, null, opening.get());
            }
        }
        String prefix = options.forced() ? "Forced by admin (bypasses caps and quiet hours). " : "";
        return draft.build(DecisionOutcome.SEND, candidate.reason(), prefix + candidate.explanation() + channelNote,
                channels, messageId, null);
    }

    /**
     * The confirmation message goes only to a number still pending, on the one channel its consent
     * waits on, at once (no holdout, caps or quiet hours: the shopper just asked for it); otherwise
     * it is not sent and not held, since a held confirmation would be released to a number that no
     * longer needs it.
     */
    private Decision confirmation(Draft draft, ConsentState consent, String messageId) {
        Channel channel = consent == null ? null : consent.confirmationChannel();
        if (channel == null || !consent.awaitsConfirmationOn(channel)) {
            return draft.build(DecisionOutcome.SUPPRESS, "not_pending",
                    "Not sent: the number no longer waits for its owner's confirmation.", List.of(), null, null);
        }
        return draft.build(DecisionOutcome.SEND, "confirmation_requested", "Asking the number's owner to reply YES on "
                + ChannelPlanner.label(channel) + " before anything else is sent.", List.of(channel), messageId, null);
    }

    /** Fields every outcome shares. */
    private final class Draft {
        private final Candidate c;
        private final String decisionId;
        private final String variant;
        private final String arm;
        private final boolean forced;
        private final Instant now;

        Draft(Candidate c, String decisionId, String variant, String arm, boolean forced, Instant now) {
            this.forced = forced;
            this.c = c;
            this.decisionId = decisionId;
            this.variant = variant;
            this.arm = arm;
            this.now = now;
        }

        Decision build(DecisionOutcome outcome, String reason, String explanation, List<Channel> plan, String messageId,
                       Instant notBefore) {
            String template = c.templateId() != null ? c.templateId() : properties.templateFor(c.flow(), variant);
            return new Decision(Decision.SCHEMA_VERSION, decisionId, outcome == DecisionOutcome.SEND ? messageId : null,
                    c.eventId(), c.userId(), c.flow(), outcome, reason, explanation, c.product(), c.discountPercent(),
                    template, variant, arm, plan, c.ctaUrl(), c.marketing(), forced, c.trigger(),
                    properties.active().deliveryTtl().toSeconds(), notBefore, now);
        }
    }
}
