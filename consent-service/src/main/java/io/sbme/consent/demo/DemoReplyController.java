package io.sbme.consent.demo;

import io.sbme.consent.Callers;
import io.sbme.consent.ConsentProperties;
import io.sbme.consent.profile.Consents;
import io.sbme.support.identity.Caller;
import io.sbme.support.web.ApiProblem;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

/**
 * The demo storefront's simulated phone answering the confirmation message: the shopper taps YES
 * and the reply goes to the provider sandbox's inbound webhook, exactly as a real reply would reach
 * us (sandbox → signed provider webhook → tracking-service → here). Nothing is confirmed on this
 * path itself; only with {@code SBME_DEMO=true}, otherwise 404.
 */
@RestController
class DemoReplyController {

    private static final Logger log = LoggerFactory.getLogger(DemoReplyController.class);
    private static final String TOKEN_HEADER = "X-Sandbox-Token";

    private final Consents consents;
    private final ConsentProperties.Demo demo;
    private final RestClient sandbox;

    DemoReplyController(Consents consents, ConsentProperties properties) {
        this.consents = consents;
        this.demo = properties.demo();
        var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
        factory.setReadTimeout(Duration.ofSeconds(10));
        this.sandbox = RestClient.builder().baseUrl(demo.sandboxUrl() == null ? "http://localhost:8090" : demo.sandboxUrl())
                .requestFactory(factory).build();
    }

    /** What the simulated phone sent. */
    record Reply(String channel, String text, int webhookStatus) {
    }

    @PostMapping("/api/v1/me/consent/demo-reply")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Reply reply(Caller caller) {
        String userId = Callers.shopper(caller);
        if (!demo.enabled()) {
            throw ApiProblem.notFound("The demo phone is off (SBME_DEMO=false).");
        }
        Consents.PendingNumber pending = consents.pendingNumber(userId).orElseThrow(() -> new ApiProblem(409, "Conflict",
                "Nothing waits for your confirmation: opt in with your number first.", Map.of("reason", "not_pending")));
        String channel = pending.channel().wireName();
        try {
            Map<?, ?> answer = sandbox.post().uri("/sandbox/inbound")
                    .headers(h -> {
                        if (demo.sandboxToken() != null && !demo.sandboxToken().isBlank()) {
                            h.set(TOKEN_HEADER, demo.sandboxToken());
                        }
                    })
                    .body(Map.of("channel", channel, "from", pending.phone(), "text", "YES"))
                    .retrieve().body(Map.class);
            Object status = answer == null ? null : answer.get("webhookStatus");
            return new Reply(channel, "YES", status instanceof Number n ? n.intValue() : 0);
        } catch (RestClientException e) {
            log.warn("the sandbox did not take the demo reply of {}: {}", userId, e.getClass().getSimpleName());
            throw new ApiProblem(503, "Service Unavailable", "The demo phone could not reach the provider sandbox.",
                    Map.of("reason", "sandbox_unavailable"));
        }
    }
}
