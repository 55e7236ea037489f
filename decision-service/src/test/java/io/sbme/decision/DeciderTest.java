package io.sbme.decision;

import static io.sbme.decision.Fixtures.optedIn;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.Flow;
import io.sbme.decision.caps.FrequencyCaps;
import io.sbme.decision.experiment.Experiments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The shared rules in order: channel plan, consent hold, holdout, caps, quiet hours, exemptions. */
class DeciderTest {

    // 12:00 in India, 06:30 in London, 22:30 (previous day) in California.
    private static final Instant NOON_IN_INDIA = Instant.parse("2026-11-24T06:30:00Z");
    private final Decider decider = new Decider(Fixtures.properties());

    /** A user id that is not in the holdout of the given flow. */
    private static String treatedUser(Flow flow) {
        return IntStream.range(0, 1000).mapToObj(i -> "u-treated-" + i)
                .filter(u -> !Experiments.assign(u, flow.wireName(), 10, List.of("A", "B")).holdout())
                .findFirst().orElseThrow();
    }

    private static String holdoutUser(Flow flow) {
        return IntStream.range(0, 1000).mapToObj(i -> "u-held-" + i)
                .filter(u -> Experiments.assign(u, flow.wireName(), 10, List.of("A", "B")).holdout())
                .findFirst().orElseThrow();
    }

    private static Candidate cart(String userId) {
        return new Candidate(Flow.ABANDONED_CART, userId, "evt-1", "c-1", Fixtures.product("p-1", "2500", 1), 10,
                "cart_abandoned", "Cart idle.", true, "timer", "/?product=p-1&cart=1", null);
    }

    private Decision decide(Candidate candidate, Decider.Situation situation, Decider.Options options, Instant now) {
        return decider.decide(candidate, situation, options, "d-1", "m-1", now);
    }

    @Test
    void sendsOnThePreferredChannelFirstThenTheOtherConsentedOne() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var situation = new Decider.Situation(optedIn(user, true, true, Channel.SMS, "Asia/Kolkata"), Set.of(),
                FrequencyCaps.History.NONE);

        Decision decision = decide(cart(user), situation, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(decision.channelPlan()).containsExactly(Channel.SMS, Channel.WHATSAPP);
        assertThat(decision.messageId()).isEqualTo("m-1");
        assertThat(decision.templateId()).startsWith("abandoned_cart_");
        assertThat(decision.variant()).isIn("A", "B");
        assertThat(decision.experimentArm()).isEqualTo(decision.variant());
        assertThat(decision.reason()).isEqualTo("cart_abandoned");
        assertThat(decision.deliveryTtlSeconds()).isEqualTo(120);
    }

    @Test
    void fallsBackToSmsWhenWhatsAppIsPausedAndSaysSo() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var situation = new Decider.Situation(optedIn(user, true, true, Channel.WHATSAPP, "Asia/Kolkata"),
                Set.of(Channel.WHATSAPP), FrequencyCaps.History.NONE);

        Decision decision = decide(cart(user), situation, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(decision.channelPlan()).as("the dispatcher records the fallback and its cause")
                .containsExactly(Channel.WHATSAPP, Channel.SMS);
        assertThat(decision.explanation()).contains("WhatsApp paused → SMS");
    }

    @Test
    void suppressesWhenEveryConsentedChannelIsPaused() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var onlyWhatsAppPaused = new Decider.Situation(optedIn(user, true, false, null, "Asia/Kolkata"),
                Set.of(Channel.WHATSAPP), FrequencyCaps.History.NONE);

        Decision paused = decide(cart(user), onlyWhatsAppPaused, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(paused.outcome()).isEqualTo(DecisionOutcome.SUPPRESS);
        assertThat(paused.reason()).isEqualTo("channel_paused");
        assertThat(paused.explanation()).contains("WhatsApp paused");
        assertThat(paused.messageId()).isNull();
    }

    @Test
    void holdsMessageWhenNoChannelIsConsented() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var revoked = new Decider.Situation(optedIn(user, false, false, null, "Asia/Kolkata"),
                Set.of(), FrequencyCaps.History.NONE);
        var unknown = new Decider.Situation(null, Set.of(), FrequencyCaps.History.NONE);

        Decision noChannel = decide(cart(user), revoked, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision anonymous = decide(cart(user), unknown, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(noChannel.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(noChannel.reason()).isEqualTo("no_consent");
        assertThat(noChannel.messageId()).isNull();
        assertThat(anonymous.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(anonymous.channelPlan()).isEmpty();
    }

    @Test
    void aShopperWhoWithdrewConsentIsNotHeldButSuppressed() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var withdrawn = new Decider.Situation(Fixtures.revoked(user), Set.of(), FrequencyCaps.History.NONE);

        Decision decision = decide(cart(user), withdrawn, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(decision.outcome()).isEqualTo(DecisionOutcome.SUPPRESS);
        assertThat(decision.reason()).isEqualTo("consent_revoked");
        assertThat(decision.explanation()).doesNotContain("released if consent arrives");
        assertThat(decision.messageId()).isNull();
    }

    @Test
    void suppressesTheHoldoutArmButStillDecides() {
        String user = holdoutUser(Flow.ABANDONED_CART);
        var situation = new Decider.Situation(optedIn(user, true, true, null, "Asia/Kolkata"), Set.of(),
                FrequencyCaps.History.NONE);

        Decision automatic = decide(cart(user), situation, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision onDemand = decide(cart(user), situation, Decider.Options.ON_DEMAND, NOON_IN_INDIA);

        assertThat(automatic.outcome()).isEqualTo(DecisionOutcome.SUPPRESS);
        assertThat(automatic.reason()).isEqualTo("holdout");
        assertThat(automatic.experimentArm()).isEqualTo("holdout");
        assertThat(onDemand.outcome()).isEqualTo(DecisionOutcome.SEND);
    }

    @Test
    void capsOneAbandonedCartMessagePerCartPerDayAndThreeMarketingMessagesPerWeek() {
        String user = treatedUser(Flow.ABANDONED_CART);
        var consent = optedIn(user, true, true, null, "Asia/Kolkata");
        var sameCartToday = new FrequencyCaps.History(List.of(NOON_IN_INDIA.minus(Duration.ofHours(3))),
                List.of(NOON_IN_INDIA.minus(Duration.ofHours(3))));
        var sameCartYesterday = new FrequencyCaps.History(List.of(NOON_IN_INDIA.minus(Duration.ofHours(25))),
                List.of(NOON_IN_INDIA.minus(Duration.ofHours(25))));
        var threeThisWeek = new FrequencyCaps.History(List.of(NOON_IN_INDIA.minus(Duration.ofDays(1)),
                NOON_IN_INDIA.minus(Duration.ofDays(3)), NOON_IN_INDIA.minus(Duration.ofDays(6))), List.of());
        var threeButOneTooOld = new FrequencyCaps.History(List.of(NOON_IN_INDIA.minus(Duration.ofDays(1)),
                NOON_IN_INDIA.minus(Duration.ofDays(3)), NOON_IN_INDIA.minus(Duration.ofDays(8))), List.of());

        assertThat(decide(cart(user), new Decider.Situation(consent, Set.of(), sameCartToday),
                Decider.Options.AUTOMATIC, NOON_IN_INDIA).reason()).isEqualTo("frequency_cap");
        assertThat(decide(cart(user), new Decider.Situation(consent, Set.of(), sameCartYesterday),
                Decider.Options.AUTOMATIC, NOON_IN_INDIA).outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(decide(cart(user), new Decider.Situation(consent, Set.of(), threeThisWeek),
                Decider.Options.AUTOMATIC, NOON_IN_INDIA).reason()).isEqualTo("frequency_cap");
        assertThat(decide(cart(user), new Decider.Situation(consent, Set.of(), threeButOneTooOld),
                Decider.Options.AUTOMATIC, NOON_IN_INDIA).outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(decide(cart(user), new Decider.Situation(consent, Set.of(), threeThisWeek),
                Decider.Options.force(null), NOON_IN_INDIA).outcome()).isEqualTo(DecisionOutcome.SEND);
    }

    @Test
    void defersMarketingInTheRecipientsQuietHoursAcrossTimeZones() {
        String user = treatedUser(Flow.ABANDONED_CART);
        Decider.Situation india = new Decider.Situation(optedIn(user, true, true, null, "Asia/Kolkata"), Set.of(),
                FrequencyCaps.History.NONE);
        Decider.Situation california = new Decider.Situation(optedIn(user, true, true, null, "America/Los_Angeles"),
                Set.of(), FrequencyCaps.History.NONE);
        Decider.Situation london = new Decider.Situation(optedIn(user, true, true, null, "Europe/London"), Set.of(),
                FrequencyCaps.History.NONE);

        Decision inIndia = decide(cart(user), india, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision inCalifornia = decide(cart(user), california, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision inLondon = decide(cart(user), london, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(inIndia.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(inCalifornia.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(inCalifornia.reason()).isEqualTo("quiet_hours");
        assertThat(inCalifornia.notBefore()).isEqualTo(Instant.parse("2026-11-24T17:00:00Z"));
        assertThat(inLondon.reason()).isEqualTo("quiet_hours");
        assertThat(inLondon.notBefore()).isEqualTo(Instant.parse("2026-11-24T09:00:00Z"));
    }

    @Test
    void theConfirmationGoesOnlyToAPendingNumberOnItsChannelAndNothingElseDoes() {
        String user = "u-pending";
        var capped = new FrequencyCaps.History(List.of(NOON_IN_INDIA, NOON_IN_INDIA, NOON_IN_INDIA), List.of());
        var pending = new Decider.Situation(Fixtures.pending(user, 1, Channel.SMS, "k-1"), Set.of(), capped);
        var confirmed = new Decider.Situation(optedIn(user, true, true, null, "Asia/Kolkata"), Set.of(), capped);
        Candidate confirmation = io.sbme.decision.confirmation.ConfirmationFlow.candidate(
                Fixtures.pending(user, 1, Channel.SMS, "k-1"));

        Decision sent = decide(confirmation, pending, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision notAgain = decide(confirmation, confirmed, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision cart = decide(cart(user), pending, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision forced = decide(cart(user), pending, Decider.Options.force(Channel.SMS), NOON_IN_INDIA);

        assertThat(sent.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(sent.flow()).isEqualTo(Flow.OPT_IN_CONFIRMATION);
        assertThat(sent.channelPlan()).containsExactly(Channel.SMS);
        assertThat(sent.marketing()).isFalse();
        assertThat(sent.templateId()).isEqualTo("opt_in_confirmation_a");
        assertThat(notAgain.outcome()).isEqualTo(DecisionOutcome.SUPPRESS);
        assertThat(notAgain.reason()).isEqualTo("not_pending");
        assertThat(cart.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(cart.reason()).isEqualTo("no_consent");
        assertThat(forced.outcome()).isEqualTo(DecisionOutcome.HOLD);
    }

    @Test
    void letsSupportRepliesThroughCapsAndQuietHoursButNeverWithoutConsent() {
        String user = "u-support";
        Candidate support = new Candidate(Flow.SUPPORT_REPLY, user, "evt-s", "evt-s", null, null,
                "support_acknowledgement", "Ack.", false, "event", "/", null);
        var capped = new FrequencyCaps.History(List.of(NOON_IN_INDIA, NOON_IN_INDIA, NOON_IN_INDIA), List.of());
        var nightInLondon = new Decider.Situation(optedIn(user, true, false, null, "Europe/London"), Set.of(), capped);
        var noConsent = new Decider.Situation(optedIn(user, false, false, null, "Europe/London"), Set.of(), capped);

        Decision night = decide(support, nightInLondon, Decider.Options.AUTOMATIC, NOON_IN_INDIA);
        Decision refused = decide(support, noConsent, Decider.Options.AUTOMATIC, NOON_IN_INDIA);

        assertThat(night.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(night.marketing()).isFalse();
        assertThat(night.experimentArm()).isNull();
        assertThat(refused.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(refused.reason()).isEqualTo("no_consent");
    }

    @Test
    void forceSendBypassesQuietHoursButNeverConsent() {
        String user = "u-forced";
        Candidate manual = new Candidate(Flow.MANUAL, user, "evt-m", "p-1", Fixtures.product("p-1", "10", 1), null,
                "forced_send", "By admin.", true, "admin", "/?product=p-1", "price_drop_a");
        var night = new Decider.Situation(optedIn(user, true, true, null, "America/Los_Angeles"), Set.of(),
                FrequencyCaps.History.NONE);
        var smsOnly = new Decider.Situation(optedIn(user, false, true, null, "Asia/Kolkata"), Set.of(),
                FrequencyCaps.History.NONE);

        Decision forced = decide(manual, night, Decider.Options.force(Channel.WHATSAPP), NOON_IN_INDIA);
        Decision refused = decide(manual, smsOnly, Decider.Options.force(Channel.WHATSAPP), NOON_IN_INDIA);

        assertThat(forced.outcome()).isEqualTo(DecisionOutcome.SEND);
        assertThat(forced.forced()).isTrue();
        assertThat(forced.templateId()).isEqualTo("price_drop_a");
        assertThat(forced.channelPlan()).containsExactly(Channel.WHATSAPP);
        assertThat(refused.outcome()).isEqualTo(DecisionOutcome.HOLD);
        assertThat(refused.reason()).isEqualTo("no_consent");
    }
}
