package io.sbme.consent.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.consent.phone.ValidPhone;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentStatus;
import io.sbme.support.web.ApiProblem;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DoubleOptInTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Instant T1 = T0.plusSeconds(60);
    private static final DoubleOptIn.Number NUMBER = number("idx-1", "key-1");
    private static final DoubleOptIn.Number OTHER = number("idx-2", "key-2");

    @Test
    void aNewNumberIsPendingOnTheChannelsAskedForAndConfirmationGoesOnThePreferredOne() {
        Profile pending = DoubleOptIn.optIn(null, "u-1", request(Channel.SMS, Channel.WHATSAPP, Channel.SMS), NUMBER,
                "storefront", T0);

        assertThat(pending.status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(pending.granted(Channel.WHATSAPP)).isFalse();
        assertThat(pending.consent().sms().pending()).isTrue();
        assertThat(pending.consent().sms().requestedAt()).isEqualTo(T0);
        assertThat(pending.confirmationChannel()).isEqualTo(Channel.SMS);
        assertThat(pending.numberKey()).isEqualTo("key-1");
        assertThat(pending.confirmation()).isNull();
        assertThat(pending.toState("confirmation_requested").allows(Channel.SMS)).isFalse();
        assertThat(pending.toState("confirmation_requested").awaitsConfirmationOn(Channel.SMS)).isTrue();
    }

    @Test
    void aYesConfirmsEveryPendingChannelAndRecordsTheProof() {
        Profile pending = DoubleOptIn.optIn(null, "u-1", request(null, Channel.WHATSAPP, Channel.SMS), NUMBER,
                "storefront", T0);

        Profile confirmed = DoubleOptIn.confirm(pending, Channel.WHATSAPP, "wamid-1", T1).orElseThrow();

        assertThat(confirmed.status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(confirmed.granted(Channel.WHATSAPP)).isTrue();
        assertThat(confirmed.granted(Channel.SMS)).isTrue();
        assertThat(confirmed.consent().sms().grantedAt()).isEqualTo(T1);
        assertThat(confirmed.consent().sms().requestedAt()).isEqualTo(T0);
        assertThat(confirmed.confirmation()).isEqualTo(new Profile.Confirmation(Channel.WHATSAPP, T1, "wamid-1"));
        assertThat(confirmed.confirmationChannel()).isNull();
        assertThat(confirmed.version()).isEqualTo(pending.version() + 1);
        assertThat(DoubleOptIn.confirm(confirmed, Channel.WHATSAPP, "wamid-2", T1)).isEmpty();
    }

    @Test
    void aConfirmedNumberGainsAChannelAtOnce() {
        Profile confirmed = confirmed(Channel.WHATSAPP);

        Profile more = DoubleOptIn.optIn(confirmed, "u-1", request(null, Channel.SMS), null, "storefront", T1);

        assertThat(more.status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(more.granted(Channel.SMS)).isTrue();
        assertThat(more.confirmation()).isEqualTo(confirmed.confirmation());
    }

    @Test
    void aNewNumberStartsOverAndTheOldNumbersConsentDoesNotCarryToIt() {
        Profile confirmed = confirmed(Channel.WHATSAPP);

        Profile moved = DoubleOptIn.optIn(confirmed, "u-1", request(null, Channel.SMS), OTHER, "storefront", T1);

        assertThat(moved.status()).isEqualTo(ConsentStatus.PENDING);
        assertThat(moved.granted(Channel.WHATSAPP)).isFalse();
        assertThat(moved.consent().whatsapp().revokedBy()).isEqualTo(DoubleOptIn.NUMBER_CHANGED);
        assertThat(moved.consent().sms().pending()).isTrue();
        assertThat(moved.confirmation()).isNull();
        assertThat(moved.numberKey()).isEqualTo("key-2");
        assertThat(moved.phoneIndex()).isEqualTo("idx-2");
    }

    @Test
    void consentGivenBeforeDoubleOptInCountsAsAConfirmedNumber() {
        Profile legacy = new Profile("u-1", ConsentStatus.OPTED_IN, "+91 ••••••9721", "IN", "Asia/Calcutta", "idx-1",
                new Profile.Consent(ChannelProof.NEVER.grant(T0, "v1", "storefront"), ChannelProof.NEVER),
                Channel.WHATSAPP, 3, T0, null, null);

        Profile more = DoubleOptIn.optIn(legacy, "u-1", request(null, Channel.SMS), null, "storefront", T1);

        assertThat(more.status()).isEqualTo(ConsentStatus.OPTED_IN);
        assertThat(more.granted(Channel.SMS)).isTrue();
    }

    @Test
    void aStopClearsAPendingChannelAndLeavesRevokedWhenNothingWaits() {
        Profile pending = DoubleOptIn.optIn(null, "u-1", request(null, Channel.WHATSAPP), NUMBER, "storefront", T0);

        ChannelProof stopped = pending.consent().whatsapp().revoke(T1, "keyword:STOP");
        Profile.Consent consent = pending.consent().with(Channel.WHATSAPP, stopped);

        assertThat(stopped.pending()).isFalse();
        assertThat(stopped.revokedBy()).isEqualTo("keyword:STOP");
        assertThat(consent.status()).isEqualTo(ConsentStatus.REVOKED);
    }

    @Test
    void withoutANumberOnFileTheOptInIsRefusedAndThePreferredChannelMustBeAskedFor() {
        assertThatThrownBy(() -> DoubleOptIn.optIn(null, "u-1", request(null, Channel.SMS), null, "storefront", T0))
                .isInstanceOf(ApiProblem.class);
        assertThatThrownBy(() -> DoubleOptIn.optIn(null, "u-1", request(Channel.WHATSAPP, Channel.SMS), NUMBER,
                "storefront", T0)).isInstanceOf(ApiProblem.class);
    }

    private static Profile confirmed(Channel channel) {
        Profile pending = DoubleOptIn.optIn(null, "u-1", request(null, channel), NUMBER, "storefront", T0);
        return DoubleOptIn.confirm(pending, channel, "wamid-0", T0).orElseThrow();
    }

    private static OptIn request(Channel preferred, Channel... channels) {
        return new OptIn(Optional.empty(), Set.of(channels), preferred, "v1");
    }

    private static DoubleOptIn.Number number(String index, String key) {
        return new DoubleOptIn.Number(new ValidPhone("+919876549721", "+91 ••••••9721", "IN", "Asia/Calcutta"), index,
                key);
    }
}
