package io.sbme.dispatcher.whatsapp;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.contracts.MessageComposed;
import io.sbme.dispatcher.ChannelSender;
import io.sbme.dispatcher.DispatcherProperties;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.ProviderHttp;
import io.sbme.dispatcher.SendOutcome;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends through the WhatsApp Cloud API: {@code POST /<version>/<phoneNumberId>/messages} with a
 * Bearer token. Inside the 24-hour customer-service window it sends the interactive {@code cta_url}
 * body; outside it the approved template, as Meta requires for business-initiated messages.
 */
@Component
class WhatsAppSender implements ChannelSender {

    private final ProviderHttp http;
    private final URI endpoint;
    private final String accessToken;

    WhatsAppSender(DispatcherProperties properties) {
        DispatcherProperties.WhatsApp config = properties.whatsapp();
        this.endpoint = URI.create(ProviderHttp.base(config.baseUrl()) + "/" + config.apiVersion() + "/"
                + config.phoneNumberId() + "/messages");
        this.accessToken = config.accessToken();
        this.http = new ProviderHttp(properties.httpTimeout());
    }

    @Override
    public Channel channel() {
        return Channel.WHATSAPP;
    }

    @Override
    public SendOutcome send(OutboundMessage outbound) {
        Map<String, Object> body = body(outbound);
        if (body == null) {
            return new SendOutcome.Permanent("no_whatsapp_rendition", null);
        }
        HttpRequest request = http.post(endpoint)
                .header("Authorization", "Bearer " + accessToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(ContractJson.write(body)))
                .build();
        return http.exchange(request, (status, json) -> {
            if (status / 100 == 2) {
                String id = json == null ? null : json.at("/messages/0/id").asString(null);
                return id == null ? new SendOutcome.Transient("provider_error", "no_message_id")
                        : new SendOutcome.Accepted(id);
            }
            JsonNode code = json == null ? null : json.at("/error/code");
            return WhatsAppErrors.classify(status,
                    code == null || code.isMissingNode() || !code.canConvertToInt() ? null : code.asInt());
        });
    }

    /** The Cloud API body for this recipient: the composed body with {@code to} added, never stored. */
    static Map<String, Object> body(OutboundMessage outbound) {
        MessageComposed.WhatsApp whatsapp = outbound.message().whatsapp();
        if (whatsapp == null) {
            return null;
        }
        Map<String, Object> chosen = outbound.insideWindow() && whatsapp.interactive() != null
                ? whatsapp.interactive() : whatsapp.template() != null ? whatsapp.template() : whatsapp.interactive();
        if (chosen == null) {
            return null;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        body.put("to", outbound.phone());
        body.putAll(chosen);
        body.put("to", outbound.phone());
        body.putIfAbsent("biz_opaque_callback_data", outbound.messageId());
        return body;
    }
}
