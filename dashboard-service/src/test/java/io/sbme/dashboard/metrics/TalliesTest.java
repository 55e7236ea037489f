package io.sbme.dashboard.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.contracts.Decision;
import io.sbme.contracts.DecisionOutcome;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.DispatchResult;
import io.sbme.contracts.Flow;
import io.sbme.contracts.TrackingEvent;
import io.sbme.contracts.TrackingStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TalliesTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:15:20Z");

    private static TrackingEvent tracking(TrackingStatus status, boolean first, BigDecimal revenue, String detail) {
        return new TrackingEvent(1, "t-1", "m-1", "u-1", Flow.ABANDONED_CART, "A", Channel.WHATSAPP, status, null, false,
                first, null, revenue, "INR", detail, AT);
    }

    private static List<String> fields(Tally tally) {
        return tally.counts().stream().map(c -> c.field() + "=" + c.amount()).toList();
    }

    @Test
    void aRepeatedStatusOfTheSameMessageCountsNothing() {
        assertThat(fields(Tallies.of(tracking(TrackingStatus.DELIVERED, true, null, null)).orElseThrow()))
                .containsExactly("delivered|abandoned_cart|whatsapp|A=1");
        assertThat(Tallies.of(tracking(TrackingStatus.DELIVERED, false, null, null)).orElseThrow().counts()).isEmpty();
    }

    @Test
    void aConversionCountsOnceButEveryOrderAddsRevenueInMinorUnits() {
        assertThat(fields(Tallies.of(tracking(TrackingStatus.CONVERTED, true, new BigDecimal("4498.205"), null)).orElseThrow()))
                .containsExactly("converted|abandoned_cart|whatsapp|A=1", "revenueMinor|abandoned_cart|whatsapp|A=449821");
        assertThat(fields(Tallies.of(tracking(TrackingStatus.CONVERTED, false, new BigDecimal("99.99"), null)).orElseThrow()))
                .containsExactly("revenueMinor|abandoned_cart|whatsapp|A=9999");
    }

    @Test
    void aHoldoutConversionIsNotAMessageConversion() {
        assertThat(Tallies.of(tracking(TrackingStatus.CONVERTED, true, new BigDecimal("10"), "holdout")).orElseThrow().counts())
                .isEmpty();
    }

    @Test
    void optOutsAreCountedOncePerUserWhateverTheirSource() {
        Tally stop = Tallies.of(new ConsentState(1, "u-1", 4, ConsentStatus.REVOKED, "+91 ••••••9721", "IN", "Asia/Kolkata",
                new ConsentState.ChannelConsent(false, true), null, "keyword_stop", AT)).orElseThrow();
        Tally optedOut = Tallies.of(tracking(TrackingStatus.OPTED_OUT, true, null, null)).orElseThrow();

        assertThat(stop.oncePerUser()).isEqualTo("u-1");
        assertThat(optedOut.oncePerUser()).isEqualTo("u-1");
        assertThat(fields(stop)).containsExactly("optOuts|-|-|-=1");
        // the redelivery marker outlives an erase, so it names a hash of the user id: sha256("u-1")
        assertThat(stop.recordKey())
                .isEqualTo("consent:a24a7f55f278dd49fb1f99c5507800cb198a5bfe10fe2126cd0b25672152b0da:4");
    }

    @Test
    void aFallbackCountsUnderItsCauseAndAHoldForConsentAlsoCountsAsBlocked() {
        DispatchResult fellBack = new DispatchResult(1, "r-1", "m-1", "u-1", Flow.ABANDONED_CART, "A", Channel.WHATSAPP, 1,
                DispatchOutcome.FELL_BACK, "whatsapp_paused", null, null, "+91 ••••••9721", AT);
        Decision held = new Decision(1, "d-1", null, "e-1", "u-1", Flow.PRICE_DROP, DecisionOutcome.HOLD, "no_consent", null,
                null, null, "tpl", "B", "B", List.of(Channel.SMS), null, true, false, "event", 60, null, AT);

        assertThat(fields(Tallies.of(fellBack).orElseThrow())).containsExactly("fallbacks:whatsapp_paused|abandoned_cart|whatsapp|A=1");
        assertThat(fields(Tallies.of(held).orElseThrow())).containsExactly("held|price_drop|sms|B=1", "blocked|price_drop|sms|B=1");
    }

    @Test
    void aMessageThatWaitedPastItsValidityCountsAsExpired() {
        DispatchResult expired = new DispatchResult(1, "r-2", "m-2", "u-1", Flow.ABANDONED_CART, "A", Channel.WHATSAPP, 0,
                DispatchOutcome.EXPIRED, "validity_passed", null, null, "+91 ••••••9721", AT);

        assertThat(fields(Tallies.of(expired).orElseThrow())).containsExactly("expired|abandoned_cart|whatsapp|A=1");
    }

    @Test
    void aValueCannotBreakTheFieldFormat() {
        assertThat(new Tally.Count(Metric.FALLBACKS, "a|b:c", "f", null, " ", 1).field()).isEqualTo("fallbacks:a_b_c|f|-|-");
    }
}
