package io.sbme.dispatcher.instagram;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.dispatcher.Messages;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.SendOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class InstagramPreviewSenderTest {

    @Test
    void instagramIsPreviewOnlyAndNeverSends() {
        OutboundMessage message = new OutboundMessage("msg-1", "+919876549721", "+91 ••••••9721",
                Messages.composed("msg-1", "u-1", List.of(Channel.INSTAGRAM), 0), false);

        assertThat(new InstagramPreviewSender().send(message)).isEqualTo(new SendOutcome.NotSendable("preview_only"));
    }
}
