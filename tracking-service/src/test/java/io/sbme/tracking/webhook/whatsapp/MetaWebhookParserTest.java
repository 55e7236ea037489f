package io.sbme.tracking.webhook.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ContractJson;
import io.sbme.support.privacy.ProviderIds;
import io.sbme.support.testing.MetaMessageIds;
import io.sbme.support.testing.NumberForms;
import io.sbme.tracking.MetaWebhook;
import io.sbme.tracking.inbound.InboundMessage;
import io.sbme.tracking.status.ProviderStatus;
import io.sbme.tracking.status.StatusReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetaWebhookParserTest {

    static final ProviderIds IDS = ProviderIds.keyedBy("test-internal-secret-0123456789");
    static final Instant NOW = Instant.parse("2026-11-24T09:15:20Z");

    @Test
    void aStatusCarriesTheDigestOfItsWamidAndNothingOfTheRecipientsNumber() {
        String wamid = MetaMessageIds.forNumber("+919876549721");

        MetaWebhookParser.Parsed parsed = MetaWebhookParser.parse(
                ContractJson.mapper().readTree(MetaWebhook.metaStatus(wamid, "msg-1", "delivered", "919876549721")), IDS, NOW);

        StatusReport report = parsed.statuses().getFirst();
        assertThat(report.providerMessageId()).isEqualTo(IDS.digest(wamid));
        assertThat(report.messageId()).isEqualTo("msg-1");
        assertThat(report.status()).isEqualTo(ProviderStatus.DELIVERED);
        assertThat(ContractJson.writeString(report) + report).doesNotContain(wamid)
                .doesNotContain(NumberForms.of("+919876549721"));
    }

    @Test
    void anInboundMessageKeepsTheSendersNumberForConsentButItsIdOnlyAsADigest() {
        byte[] body = MetaWebhook.metaInbound("919876549721", "STOP");

        InboundMessage message = MetaWebhookParser.parse(ContractJson.mapper().readTree(body), IDS, NOW).messages().getFirst();

        String wamid = ContractJson.mapper().readTree(body).at("/entry/0/changes/0/value/messages/0/id").asString();
        assertThat(message.from()).isEqualTo("+919876549721");
        assertThat(message.providerMessageId()).isEqualTo(IDS.digest(wamid));
        assertThat(message.toString()).doesNotContain(wamid).doesNotContain(NumberForms.of("+919876549721"));
    }
}
