package io.sbme.tracking.inbound;

import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.tracking.TrackingProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Asks consent-service who sent an inbound message and lets it act on its keywords (STOP, START,
 * YES) for every profile that holds the number ({@code POST /internal/inbound}, with a SERVICE
 * gateway token). The only place tracking hands a
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
     * @param userId the profile the number used last, null when the number is not known
     * @param action what the reply did to it: {@code revoked}, {@code confirmed}, {@code resubscribed} or {@code none}
     * @param users what the reply did to each profile that holds the number
     */
    record Answer(String userId, String action, List<UserAction> users) {

        /** Every profile and what the reply did to it; the one profile when consent named only one. */
        List<UserAction> each() {
            if (users != null && !users.isEmpty()) {
                return users;
            }
            return userId == null ? List.of() : List.of(new UserAction(userId, action));
        }
    }

    /** What the reply did to one profile. */
    record UserAction(String userId, String action) {
    }

    /** @param messageId the provider's id of the reply, as its digest: the proof of a confirmation */
    Answer inbound(String channel, String from, String text, String messageId) {
        Answer answer = http.post().uri("/internal/inbound")
                .header(GatewayToken.HEADER, tokens.mint(new Caller(service, Caller.Role.SERVICE)))
                .body(Map.of("channel", channel, "from", from, "text", text, "messageId", messageId))
                .retrieve()
                .body(Answer.class);
        return answer == null ? new Answer(null, "none", List.of()) : answer;
    }
}
