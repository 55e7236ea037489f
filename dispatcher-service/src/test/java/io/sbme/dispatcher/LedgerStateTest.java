package io.sbme.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger's values read back as the states they were written from, and each state says what may follow. */
class LedgerStateTest {

    private static final List<LedgerState> EVERY_KIND = List.of(new LedgerState.InFlight(2),
            new LedgerState.Sent("d1g3st"), LedgerState.RETRY, new LedgerState.Failed("invalid_number"),
            new LedgerState.Skipped("whatsapp_paused"), new LedgerState.Expired(null),
            new LedgerState.Expired("validity_passed"), LedgerState.DEAD, LedgerState.CANCELLED);

    @Test
    void everyStateReadsBackFromItsWireForm() {
        for (LedgerState state : EVERY_KIND) {
            assertThat(LedgerState.parse(state.wire())).as(state.wire()).isEqualTo(state);
        }
        assertThat(LedgerState.parse(null)).isNull();
        assertThat(new LedgerState.Sent("d").wire()).isEqualTo("sent:d");
        assertThat(new LedgerState.InFlight(3).wire()).isEqualTo("inflight:3");
    }

    @Test
    void onlyASentOrInFlightChannelCountsAsAttemptedAndOnlyARetryOrNothingIsOpen() {
        assertThat(EVERY_KIND.stream().filter(LedgerState::attempted))
                .containsExactly(new LedgerState.InFlight(2), new LedgerState.Sent("d1g3st"));
        assertThat(EVERY_KIND.stream().filter(LedgerState::open)).containsExactly(LedgerState.RETRY);
        assertThat(LedgerState.open(null)).isTrue();
        assertThat(LedgerState.givenUp(null)).isFalse();
        assertThat(EVERY_KIND.stream().filter(LedgerState::givenUp)).hasSize(EVERY_KIND.size() - 3);
    }

    @Test
    void anUnknownValueIsTreatedAsGivenUpNeverAsSendable() {
        LedgerState unknown = LedgerState.parse("something-new");

        assertThat(LedgerState.givenUp(unknown)).isTrue();
        assertThat(LedgerState.open(unknown)).isFalse();
    }
}
