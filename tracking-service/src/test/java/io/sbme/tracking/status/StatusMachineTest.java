package io.sbme.tracking.status;

import static io.sbme.contracts.Channel.SMS;
import static io.sbme.contracts.Channel.WHATSAPP;
import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.TrackingStatus;
import io.sbme.tracking.status.StatusMachine.Change;
import io.sbme.tracking.status.StatusMachine.Outcome;
import org.junit.jupiter.api.Test;

class StatusMachineTest {

    private static final Progress ACCEPTED_ON_WHATSAPP = Progress.none().accepted(WHATSAPP);

    @Test
    void movesForwardThroughSentDeliveredRead() {
        Outcome sent = StatusMachine.apply(ACCEPTED_ON_WHATSAPP, WHATSAPP, ProviderStatus.SENT, null);
        Outcome delivered = StatusMachine.apply(sent.progress(), WHATSAPP, ProviderStatus.DELIVERED, null);
        Outcome read = StatusMachine.apply(delivered.progress(), WHATSAPP, ProviderStatus.READ, null);

        assertThat(sent.changes()).containsExactly(new Change(TrackingStatus.SENT, false, true, null));
        assertThat(delivered.changes()).containsExactly(new Change(TrackingStatus.DELIVERED, false, true, null));
        assertThat(read.changes()).containsExactly(new Change(TrackingStatus.READ, false, true, null));
        assertThat(read.progress().attempt(WHATSAPP).stage()).isEqualTo(Stage.READ);
    }

    @Test
    void readBeforeDeliveredImpliesSentAndDelivered() {
        Outcome read = StatusMachine.apply(ACCEPTED_ON_WHATSAPP, WHATSAPP, ProviderStatus.READ, null);

        assertThat(read.changes()).extracting(Change::status)
                .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED, TrackingStatus.READ);
        assertThat(read.changes()).extracting(Change::detail).containsExactly("implied", "implied", null);
    }

    @Test
    void lateOrDuplicatedEarlierStatusChangesNothing() {
        Progress read = StatusMachine.apply(ACCEPTED_ON_WHATSAPP, WHATSAPP, ProviderStatus.READ, null).progress();

        Outcome lateDelivered = StatusMachine.apply(read, WHATSAPP, ProviderStatus.DELIVERED, null);
        Outcome duplicateRead = StatusMachine.apply(read, WHATSAPP, ProviderStatus.READ, null);
        Outcome lateSent = StatusMachine.apply(read, WHATSAPP, ProviderStatus.SENT, null);

        assertThat(lateDelivered.changed()).isFalse();
        assertThat(duplicateRead.changed()).isFalse();
        assertThat(lateSent.changed()).isFalse();
        assertThat(lateDelivered.progress()).isEqualTo(read);
    }

    @Test
    void failureIsTerminalForTheAttempt() {
        Progress failed = StatusMachine.apply(ACCEPTED_ON_WHATSAPP, WHATSAPP, ProviderStatus.FAILED, "131026").progress();

        Outcome deliveredAfterFailure = StatusMachine.apply(failed, WHATSAPP, ProviderStatus.DELIVERED, null);
        Outcome failedAgain = StatusMachine.apply(failed, WHATSAPP, ProviderStatus.FAILED, "131026");

        assertThat(failed.attempt(WHATSAPP).failed()).isTrue();
        assertThat(failed.attempt(WHATSAPP).errorCode()).isEqualTo("131026");
        assertThat(deliveredAfterFailure.changed()).isFalse();
        assertThat(failedAgain.changed()).isFalse();
    }

    @Test
    void failureAfterDeliveryIsRecordedButDoesNotUndeliver() {
        Progress delivered = StatusMachine.apply(ACCEPTED_ON_WHATSAPP, WHATSAPP, ProviderStatus.DELIVERED, null).progress();

        Outcome failed = StatusMachine.apply(delivered, WHATSAPP, ProviderStatus.FAILED, "131000");

        assertThat(failed.changes()).containsExactly(new Change(TrackingStatus.FAILED, false, false, "after_delivered"));
        assertThat(failed.progress().attempt(WHATSAPP).stage()).isEqualTo(Stage.DELIVERED);
        assertThat(failed.progress().attempt(WHATSAPP).failed()).isFalse();
        assertThat(failed.progress().attempt(WHATSAPP).failedAfterDelivery()).isTrue();
        assertThat(failed.progress().reached()).doesNotContain(TrackingStatus.FAILED);
    }

    @Test
    void whatsappDeliveryAfterSmsFallbackIsLateAndNotCountedTwice() {
        Progress fellBack = ACCEPTED_ON_WHATSAPP.fellBackFrom(WHATSAPP).accepted(SMS);
        Progress smsDelivered = StatusMachine.apply(fellBack, SMS, ProviderStatus.DELIVERED, null).progress();

        Outcome lateWhatsApp = StatusMachine.apply(smsDelivered, WHATSAPP, ProviderStatus.DELIVERED, null);

        assertThat(lateWhatsApp.changes()).extracting(Change::status)
                .containsExactly(TrackingStatus.SENT, TrackingStatus.DELIVERED);
        assertThat(lateWhatsApp.changes()).allMatch(Change::late).noneMatch(Change::firstForMessage);
    }

    @Test
    void lateDeliveryBeforeTheFallbackIsDeliveredCountsOnceForTheMessage() {
        Progress fellBack = ACCEPTED_ON_WHATSAPP.fellBackFrom(WHATSAPP).accepted(SMS);

        Outcome lateWhatsApp = StatusMachine.apply(fellBack, WHATSAPP, ProviderStatus.DELIVERED, null);
        Outcome smsDelivered = StatusMachine.apply(lateWhatsApp.progress(), SMS, ProviderStatus.DELIVERED, null);

        assertThat(lateWhatsApp.changes().getLast()).isEqualTo(new Change(TrackingStatus.DELIVERED, true, true, null));
        assertThat(smsDelivered.changes().getLast()).isEqualTo(new Change(TrackingStatus.DELIVERED, false, false, null));
    }

    @Test
    void undeliveredSmsIsAFailureWithItsDetail() {
        Progress sms = Progress.none().accepted(SMS);

        Outcome undelivered = StatusMachine.apply(sms, SMS, ProviderStatus.UNDELIVERED, "30003");

        assertThat(undelivered.changes()).containsExactly(new Change(TrackingStatus.FAILED, false, true, "undelivered"));
    }

    @Test
    void progressSurvivesItsJsonForm() {
        Progress progress = StatusMachine.apply(ACCEPTED_ON_WHATSAPP.fellBackFrom(WHATSAPP).accepted(SMS), SMS,
                ProviderStatus.READ, null).progress();

        Progress back = ContractJson.read(ContractJson.write(progress), Progress.class);

        assertThat(back).isEqualTo(progress);
    }
}
