package io.sbme.dispatcher.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.dispatcher.FakeProvider;
import io.sbme.dispatcher.Messages;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.SendOutcome;
import io.sbme.dispatcher.TestSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class WhatsAppSenderTest {

    private final FakeProvider meta = new FakeProvider();
    private final WhatsAppSender sender = new WhatsAppSender(TestSettings.against(meta.url(), Duration.ofMillis(800)));

    @AfterEach
    void stop() {
        meta.close();
    }

    @Test
    void outsideTheWindowPostsTheTemplateBodyToTheCloudApiWithRecipientAndBearerToken() {
        SendOutcome outcome = sender.send(outbound("+919876549721", false));

        assertThat(outcome).isInstanceOf(SendOutcome.Accepted.class);
        assertThat(((SendOutcome.Accepted) outcome).providerMessageId()).startsWith("wamid.");
        FakeProvider.Request request = meta.requests().getFirst();
        assertThat(request.path()).isEqualTo("/v21.0/109876543210/messages");
        assertThat(request.authorization()).isEqualTo("Bearer test-access-token");
        assertThat(request.contentType()).isEqualTo("application/json");
        JsonNode body = ContractJson.mapper().readTree(request.body());
        assertThat(body.path("messaging_product").asString()).isEqualTo("whatsapp");
        assertThat(body.path("to").asString()).isEqualTo("+919876549721");
        assertThat(body.path("type").asString()).isEqualTo("template");
        assertThat(body.at("/template/name").asString()).isEqualTo("abandoned_cart_a");
        assertThat(body.at("/template/components/2/sub_type").asString()).isEqualTo("url");
        assertThat(body.path("biz_opaque_callback_data").asString()).isEqualTo("msg-1");
    }

    @Test
    void insideTheWindowPostsTheInteractiveCtaUrlBody() {
        sender.send(outbound("+919876549721", true));

        JsonNode body = ContractJson.mapper().readTree(meta.requests().getFirst().body());
        assertThat(body.path("type").asString()).isEqualTo("interactive");
        assertThat(body.at("/interactive/type").asString()).isEqualTo("cta_url");
        assertThat(body.at("/interactive/action/parameters/url").asString()).endsWith("/r/Ab3dE9xYz012");
        assertThat(body.path("to").asString()).isEqualTo("+919876549721");
    }

    @Test
    void notAWhatsAppUserIsAPermanentFailure() {
        meta.script("+15550001111", FakeProvider.metaError(400, 131026, "Message undeliverable"));

        assertThat(sender.send(outbound("+15550001111", false)))
                .isEqualTo(new SendOutcome.Permanent("not_on_whatsapp", "131026"));
    }

    @Test
    void metaPolicyRefusalsArePermanent() {
        meta.script("+15550001112", FakeProvider.metaError(400, 131049, "healthy ecosystem engagement"),
                FakeProvider.metaError(400, 131050, "user stopped marketing"),
                FakeProvider.metaError(400, 131047, "Re-engagement message"));

        List<SendOutcome> outcomes = List.of(sender.send(outbound("+15550001112", false)),
                sender.send(outbound("+15550001112", false)), sender.send(outbound("+15550001112", false)));

        assertThat(outcomes).extracting(o -> ((SendOutcome.Permanent) o).cause())
                .containsExactly("marketing_limited", "marketing_opted_out", "outside_window");
    }

    @Test
    void throughputLimitsServerErrorsAndTimeoutsAreTransient() {
        meta.script("+15550001113", FakeProvider.metaError(400, 130429, "Rate limit hit"),
                new FakeProvider.Answer(503, "{}"));

        SendOutcome rateLimited = sender.send(outbound("+15550001113", false));
        SendOutcome unavailable = sender.send(outbound("+15550001113", false));
        meta.latency(1500);
        SendOutcome timedOut = sender.send(outbound("+15550001113", false));

        assertThat(rateLimited).isEqualTo(new SendOutcome.Transient("rate_limited", "130429"));
        assertThat(unavailable).isEqualTo(new SendOutcome.Transient("provider_error", "http_503"));
        assertThat(timedOut).isEqualTo(new SendOutcome.Transient("timeout", null));
    }

    @Test
    void theRecipientNeverAppearsInTheOutboundMessagesTextForm() {
        assertThat(outbound("+919876549721", false).toString()).doesNotContain("9876549721").contains("+91 ••••••9721");
    }

    private static OutboundMessage outbound(String phone, boolean insideWindow) {
        return new OutboundMessage("msg-1", phone, "+91 ••••••9721",
                Messages.composed("msg-1", "u-1", List.of(Channel.WHATSAPP, Channel.SMS), 60), insideWindow);
    }
}
