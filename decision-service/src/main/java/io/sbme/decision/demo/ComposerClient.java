package io.sbme.decision.demo;

import io.sbme.contracts.ContractJson;
import io.sbme.contracts.Decision;
import io.sbme.contracts.MessageComposed;
import io.sbme.decision.DecisionProperties;
import io.sbme.support.identity.Caller;
import io.sbme.support.identity.GatewayToken;
import io.sbme.support.web.ApiProblem;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/** Asks composer-service to render a decision without publishing it ({@code POST /internal/compose/preview}). */
@Component
class ComposerClient {

    private static final Logger log = LoggerFactory.getLogger(ComposerClient.class);

    private final RestClient client;
    private final GatewayToken tokens;

    ComposerClient(DecisionProperties properties, GatewayToken tokens) {
        var factory = new SimpleClientHttpRequestFactory();
        factory.setConnectTimeout(Duration.ofSeconds(2));
        factory.setReadTimeout(Duration.ofSeconds(5));
        this.client = RestClient.builder().baseUrl(properties.composerUrl()).requestFactory(factory).build();
        this.tokens = tokens;
    }

    MessageComposed preview(Decision decision) {
        try {
            String body = client.post().uri("/internal/compose/preview")
                    .header(GatewayToken.HEADER, tokens.mint(new Caller("decision-service", Caller.Role.SERVICE)))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(ContractJson.writeString(decision))
                    .retrieve()
                    .body(String.class);
            return ContractJson.read(body, MessageComposed.class);
        } catch (RestClientException | IllegalArgumentException | tools.jackson.core.JacksonException e) {
            log.warn("composer preview failed for decision {}: {}", decision.decisionId(), e.toString());
            throw new ApiProblem(503, "Service Unavailable", "The message could not be rendered right now; try again shortly.",
                    Map.of("reason", "composer_unavailable"));
        }
    }
}
