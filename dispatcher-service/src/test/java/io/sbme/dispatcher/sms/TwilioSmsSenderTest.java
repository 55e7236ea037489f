package io.sbme.dispatcher.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.dispatcher.FakeProvider;
import io.sbme.dispatcher.Messages;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.SendOutcome;
import io.sbme.dispatcher.TestSettings;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TwilioSmsSenderTest {

    private final FakeProvider twilio = new FakeProvider();
    private final TwilioSmsSender sender = new TwilioSmsSender(TestSettings.against(twilio.url(), Duration.ofSeconds(2)));

    @AfterEach
    void stop() {
        twilio.close();
    }

    @Test
    void postsAFormEncodedMessageWithBasicAuthAndStatusCallback() {
        SendOutcome outcome = sender.send(outbound("+919876549721"));

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(((SendOutcome.Accepted) outcome).providerMessageId()).startsWith("SM");
        FakeProvider.Request request = twilio.requests().getFirst();
        assertThat(request.path()).isEqualTo("/2010-04-01/Accounts/AC0123456789abcdef0123456789abcdef/Messages.json");
        assertThat(request.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(request.authorization()).isEqualTo("Basic " + java.util.Base64.getEncoder().encodeToString(
                "AC0123456789abcdef0123456789abcdef:test-auth-token".getBytes(StandardCharsets.UTF_8)));
        Map<String, String> form = Arrays.stream(request.body().split("&")).map(p -> p.split("=", 2))
                .collect(Collectors.toMap(p -> p[0], p -> URLDecoder.decode(p[1], StandardCharsets.UTF_8)));
        assertThat(form).containsEntry("To", "+919876549721").containsEntry("From", "+15005550006")
                .as("the callback names our message, which Twilio does not echo")
                .containsEntry("StatusCallback", "http://localhost:8080/webhooks/sms?messageId=msg-1");
        assertThat(form.get("Body")).endsWith("Reply STOP to opt out").contains("/r/Ab3dE9xYz012");
    }

    @Test
    void anOptedOutNumberIsAPermanentFailure() {
        twilio.script("+15550002222", FakeProvider.twilioError(400, 21610, "Attempt to send to unsubscribed recipient"));

        assertThat(sender.send(outbound("+15550002222"))).isEqualTo(new SendOutcome.Permanent("sms_opted_out", "21610"));
    }

    @Test
    void tooManyRequestsAndServerErrorsAreTransient() {
        twilio.script("+15550002223", FakeProvider.twilioError(429, 20429, "Too Many Requests"),
                new FakeProvider.Answer(500, "{}"));

        assertThat(sender.send(outbound("+15550002223"))).isEqualTo(new SendOutcome.Transient("rate_limited", "20429"));
        assertThat(sender.send(outbound("+15550002223"))).isEqualTo(new SendOutcome.Transient("provider_error", "http_500"));
    }

    private static OutboundMessage outbound(String phone) {
        return new OutboundMessage("msg-1", phone, "+91 ••••••9721",
                Messages.composed("msg-1", "u-1", List.of(Channel.WHATSAPP, Channel.SMS), 60), false);
    }
}
