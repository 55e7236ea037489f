package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The send-time gate: pause first, then consent; a confirmation goes only to a number still waiting for it. */
class DispatchGateTest {

    private static ConsentState state(ConsentStatus status, boolean whatsapp, boolean sms, Channel confirmationChannel) {
        return new ConsentState(1, "u-1", 3, status, "+91 ••••••9721", "IN", "Asia/Kolkata",
                new ConsentState.ChannelConsent(whatsapp, sms), Channel.WHATSAPP, "test", Instant.EPOCH, "nk-1",
                confirmationChannel);
    }

    @Test
    void aPausedChannelIsClosedWhateverTheConsent() {
        assertThat(DispatchGate.closedBecause(Channel.WHATSAPP, true, state(ConsentStatus.OPTED_IN, true, true, null), false))
                .isEqualTo("whatsapp_paused");
    }

    @Test
    void anOptedInChannelIsOpenAndAnotherOneIsClosedForLackOfConsent() {
        ConsentState smsOnly = state(ConsentStatus.OPTED_IN, false, true, null);

        assertThat(DispatchGate.closedBecause(Channel.SMS, false, smsOnly, false)).isNull();
        assertThat(DispatchGate.closedBecause(Channel.WHATSAPP, false, smsOnly, false)).isEqualTo("no_whatsapp_consent");
        assertThat(DispatchGate.closedBecause(Channel.SMS, false, state(ConsentStatus.REVOKED, false, false, null), false))
                .isEqualTo("no_sms_consent");
    }

    @Test
    void aPendingNumberGetsItsConfirmationOnItsChannelAndNothingElse() {
        ConsentState pending = state(ConsentStatus.PENDING, false, false, Channel.WHATSAPP);

        assertThat(DispatchGate.closedBecause(Channel.WHATSAPP, false, pending, true)).isNull();
        assertThat(DispatchGate.closedBecause(Channel.SMS, false, pending, true)).isEqualTo("not_pending");
        assertThat(DispatchGate.closedBecause(Channel.WHATSAPP, false, pending, false)).isEqualTo("awaiting_confirmation");
        assertThat(DispatchGate.closedBecause(Channel.WHATSAPP, false, state(ConsentStatus.OPTED_IN, true, true, null), true))
                .isEqualTo("not_pending");
    }

    @Test
    void withoutAConsentViewYetTheVaultDecides() {
        assertThat(DispatchGate.closedBecause(Channel.SMS, false, null, false)).isNull();
    }
}
