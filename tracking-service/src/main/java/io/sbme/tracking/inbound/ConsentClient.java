package io.sbme.tracking.inbound;

import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.tracking.TrackingProperties;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks consent-service who sent an inbound message and lets it act on opt-out keywords
 * ({@code POST /internal/inbound}, with a SERVICE gateway token). The only place tracking hands a
 * phone number on; it is not kept.
 */
@Component
class ConsentClient {

    private final RestClient http;
    private final GatewayToken tokens;
    private final String service;

    ConsentClient(TrackingProperties properties, GatewayToken tokens,
                  @Value("${spring.application.name}") String service) {
        var factory = new JdkClientHttpRequestFactory(java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).build());
        factory.setReadTimeout(Duration.ofSeconds(3));
        this.http = RestClient.builder().baseUrl(properties.consentUrl()).requestFactory(factory).build();
        this.tokens = tokens;
        this.service = service;
    }

    /**
     * Consent's answer.
     *
     * @param userId the sender's user id, null when the number is not known
     * @param action {@code revoked}, {@code resubscribed} or {@code none}
     */
    record Answer(String userId, String action) {
    }

    Answer inbound(String channel, String from, String text) {
        Answer answer = http.post().uri("/internal/inbound")
                .header(GatewayToken.HEADER, tokens.mint(new Caller(service, Caller.Role.SERVICE)))
                .body(Map.of("channel", channel, "from", from, "text", text))
                .retrieve()
                .body(Answer.class);
        return answer == null ? new Answer(null, "none") : answer;
    }
}
