package io.sbme.sandbox.sms;

import io.sbme.sandbox.SandboxProperties;
import io.sbme.sandbox.webhook.WebhookSender;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Posts an inbound SMS the way Twilio does to a number's messaging webhook: a signed form. */
@Component
public class TwilioInbound {

    private final SandboxProperties properties;
    private final WebhookSender sender;

    TwilioInbound(SandboxProperties properties, WebhookSender sender) {
        this.properties = properties;
        this.sender = sender;
    }

    /** A new message SID for the inbound message. */
    public String newSid() {
        return TwilioController.newSid();
    }

    /** Posts the inbound message now; answers the receiver's HTTP status (0 when unreachable). */
    public int post(String sid, String fromE164, String text) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("ToCountry", List.of("US"));
        form.put("SmsMessageSid", List.of(sid));
        form.put("NumMedia", List.of("0"));
        form.put("SmsSid", List.of(sid));
        form.put("SmsStatus", List.of("received"));
        form.put("Body", List.of(text));
        form.put("To", List.of(properties.twilio().from()));
        form.put("NumSegments", List.of(String.valueOf(Segments.count(text))));
        form.put("MessageSid", List.of(sid));
        form.put("AccountSid", List.of(properties.twilio().accountSid()));
        form.put("From", List.of(fromE164));
        form.put("ApiVersion", List.of("2010-04-01"));
        return sender.postTwilio(sender.smsWebhookUrl(), form);
    }
}
