package io.sbme.tracking.messages;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.DispatchOutcome;
import io.sbme.contracts.Flow;
import io.sbme.contracts.MessageComposed;
import io.sbme.contracts.TrackingStatus;
import io.sbme.tracking.status.Progress;
import io.sbme.tracking.status.Stage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TrackedMessageTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:00:00Z");

    @Test
    void aMessageWhoseUserWasErasedKeepsOnlyWhatTheCountsNeed() {
        TrackedMessage message = new TrackedMessage();
        message.messageId = "m-1";
        message.userId = "u-1f2e3d";
        message.flow = Flow.ABANDONED_CART;
        message.variant = "B";
        message.channelPlan = List.of(Channel.WHATSAPP, Channel.SMS);
        message.whatsappCard = new MessageComposed.Card("/img/lamp.svg", "Hi Asha", "Your lamp", "STOP", "Buy", "https://s/r/c1");
        message.sms = new MessageComposed.Sms("Hi Asha https://s/r/c1", "GSM-7", 1, 24);
        message.trackingUrl = "https://s/r/c1";
        message.code = "c1";
        message.destinationUrl = "/?product=p-1";
        message.addAttempt(new TrackedMessage.AttemptRecord("r-1", Channel.WHATSAPP, 1, DispatchOutcome.SENT, null,
                "wamid.HBg1", null, AT));
        message.progress = new Progress(Map.of(Channel.WHATSAPP, new Progress.Attempt(Stage.DELIVERED, false, false, null)),
                Set.of(TrackingStatus.SENT, TrackingStatus.DELIVERED), Set.of());
        message.clicks = 2;
        message.conversions = 1;

        message.forgetOwner("mark-1");

        String stored = ContractJson.writeString(message);
        assertThat(stored).doesNotContain("u-1f2e3d").doesNotContain("Asha").doesNotContain("wamid.HBg1")
                .doesNotContain("/r/c1").doesNotContain("\"code\"").doesNotContain("p-1");
        assertThat(message.erased).isTrue();
        assertThat(message.erasedOwner).isEqualTo("mark-1");
        assertThat(message.progress.attempt(Channel.WHATSAPP).stage()).isEqualTo(Stage.DELIVERED);
        assertThat(message.attempts).singleElement().satisfies(a -> assertThat(a.resultId()).isEqualTo("r-1"));
        assertThat(message.clicks).isEqualTo(2);
        assertThat(message.conversions).isEqualTo(1);
        assertThat(message.flow).isEqualTo(Flow.ABANDONED_CART);
        assertThat(message.status()).isEqualTo("delivered");
    }

    @Test
    void aSecondErasureKeepsTheFirstMark() {
        TrackedMessage message = new TrackedMessage();
        message.forgetOwner("mark-1");

        message.forgetOwner("mark-2");

        assertThat(message.erasedOwner).isEqualTo("mark-1");
    }
}
