package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConsentViewTest {

    private final ConsentView view = new ConsentView();

    @Test
    void aUserWithNoChannelLeftAfterARevokeHasRevoked() {
        view.on(state(1, ConsentStatus.REVOKED, false, false, "revoked"), "u-1");

        assertThat(view.standing("u-1")).isEqualTo(ConsentView.Standing.REVOKED);
    }

    @Test
    void revokingOneChannelLeavesTheUserActiveForTheOther() {
        view.on(state(2, ConsentStatus.OPTED_IN, false, true, "revoked"), "u-2");

        assertThat(view.standing("u-2")).isEqualTo(ConsentView.Standing.ACTIVE);
        assertThat(view.of("u-2").orElseThrow().allows(Channel.SMS)).isTrue();
        assertThat(view.of("u-2").orElseThrow().allows(Channel.WHATSAPP)).isFalse();
    }

    @Test
    void aTombstoneMeansDeletedAndAnOlderVersionNeverOverwritesANewerOne() {
        view.on(state(5, ConsentStatus.OPTED_IN, true, true, "opted_in"), "u-3");
        view.on(state(4, ConsentStatus.REVOKED, false, false, "revoked"), "u-3");
        assertThat(view.standing("u-3")).isEqualTo(ConsentView.Standing.ACTIVE);

        view.on(null, "u-3");

        assertThat(view.standing("u-3")).isEqualTo(ConsentView.Standing.REVOKED);
        assertThat(view.standing("u-unknown")).isEqualTo(ConsentView.Standing.UNKNOWN);
    }

    private static ConsentState state(long version, ConsentStatus status, boolean whatsapp, boolean sms, String change) {
        return new ConsentState(ConsentState.SCHEMA_VERSION, "u", version, status, "+91 ••••••9721", "IN", "Asia/Kolkata",
                new ConsentState.ChannelConsent(whatsapp, sms), Channel.WHATSAPP, change, Instant.EPOCH);
    }
}
