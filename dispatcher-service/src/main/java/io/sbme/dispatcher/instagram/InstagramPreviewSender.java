package io.sbme.dispatcher.instagram;

import io.sbme.contracts.Channel;
import io.sbme.dispatcher.ChannelSender;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.SendOutcome;
import org.springframework.stereotype.Component;

/** Instagram is preview-only in this product: its rendition is shown, never sent. */
@Component
class InstagramPreviewSender implements ChannelSender {

    @Override
    public Channel channel() {
        return Channel.INSTAGRAM;
    }

    @Override
    public SendOutcome send(OutboundMessage message) {
        return new SendOutcome.NotSendable("preview_only");
    }
}
