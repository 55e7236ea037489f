package io.sbme.dispatcher;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Asks consent-service's vault for a recipient's number at send time. The vault answers only for a
 * channel consented at this instant, so it is the final gate: no resolve, no send. The answer is
 * handed straight to the sender and never stored.
 */
@Component
class VaultClient {

    /** The vault's answer. */
    sealed interface Resolution {
    }

    record Resolved(String phone, String maskedPhone) implements Resolution {
        @Override
        public String toString() {
            return "Resolved[" + maskedPhone + "]";
        }
    }

    /** @param cause {@code no_consent} (403) or {@code unknown_recipient} (404) */
    record Refused(String cause) implements Resolution {
    }

    /** The vault could not be asked; the send is retried later. */
    record Unavailable(String cause) implements Resolution {
    }

    private final HttpClient http;
    private final URI endpoint;
    private final GatewayToken tokens;
    private final String service;
    private final DispatcherProperties properties;

    VaultClient(DispatcherProperties properties, GatewayToken tokens, @Value("${spring.application.name}") String service) {
        String base = properties.consentUrl().endsWith("/") ? properties.consentUrl().substring(0,
                properties.consentUrl().length() - 1) : properties.consentUrl();
        this.endpoint = URI.create(base + "/internal/vault/resolve");
        this.tokens = tokens;
        this.service = service;
        this.properties = properties;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(properties.httpTimeout()).build();
    }

    Resolution resolve(String userId, Channel channel, String messageId) {
        byte[] body = ContractJson.write(Map.of("userId", userId, "channel", channel.wireName(), "messageId", messageId));
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(properties.httpTimeout())
                .header(GatewayToken.HEADER, tokens.mint(new Caller(service, Caller.Role.SERVICE)))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() == 200) {
                JsonNode json = ContractJson.mapper().readTree(response.body());
                String phone = json.path("phone").asString(null);
                return phone == null ? new Unavailable("vault_bad_answer")
                        : new Resolved(phone, json.path("maskedPhone").asString(null));
            }
            if (response.statusCode() == 403) {
                return new Refused("no_consent");
            }
            if (response.statusCode() == 404) {
                return new Refused("unknown_recipient");
            }
            return new Unavailable("vault_http_" + response.statusCode());
        } catch (IOException | RuntimeException e) {
            return new Unavailable("vault_unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted");
        }
    }
}
