package io.sbme.tracking.webhook.whatsapp;

import io.sbme.support.privacy.ProviderIds;
import io.sbme.support.web.ApiProblem;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.inbound.InboundMessage;
import io.sbme.tracking.inbound.InboundReplies;
import io.sbme.tracking.status.StatusReport;
import io.sbme.tracking.status.StatusTracker;
import io.sbme.tracking.webhook.Recorded;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Meta's webhook: the verify handshake, then signed status and inbound-message notifications.
 *
 * <p>Processed inline rather than queued: it is a few Redis round trips, the Kafka records going to
 * the outbox (well under the 200 ms budget, and never waiting for the broker), and queuing the raw
 * body would store the recipient's phone number ({@code recipient_id}, {@code from}) in Redis, which
 * the privacy rules forbid.
 */
@RestController
class WhatsAppWebhookController {

    /** Meta's notifications are a few KB; anything far larger is not one. */
    static final int MAX_BODY_BYTES = 256 * 1024;

    private final TrackingProperties properties;
    private final StatusTracker statuses;
    private final InboundReplies inbound;
    private final ProviderIds providerIds;
    private final JsonMapper json;
    private final Clock clock;

    WhatsAppWebhookController(TrackingProperties properties, StatusTracker statuses, InboundReplies inbound,
                              ProviderIds providerIds, JsonMapper json, Clock clock) {
        this.properties = properties;
        this.statuses = statuses;
        this.inbound = inbound;
        this.providerIds = providerIds;
        this.json = json;
        this.clock = clock;
    }

    /** Meta's subscription check: echo the challenge when the verify token matches. */
    @GetMapping(path = "/webhooks/whatsapp", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> verify(@RequestParam(name = "hub.mode", required = false) String mode,
                                  @RequestParam(name = "hub.verify_token", required = false) String token,
                                  @RequestParam(name = "hub.challenge", required = false) String challenge) {
        boolean tokenMatches = token != null && MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                properties.whatsappVerifyToken().getBytes(StandardCharsets.UTF_8));
        if (!"subscribe".equals(mode) || !tokenMatches || challenge == null || challenge.length() > 256) {
            return ResponseEntity.status(403).body("Forbidden");
        }
        return ResponseEntity.ok(challenge);
    }

    @PostMapping("/webhooks/whatsapp")
    ResponseEntity<Void> receive(@RequestHeader(name = "X-Hub-Signature-256", required = false) String signature,
                                 @RequestBody(required = false) byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        if (raw.length > MAX_BODY_BYTES) {
            throw new ApiProblem(413, "Content Too Large", "A webhook body is at most " + MAX_BODY_BYTES + " bytes.");
        }
        switch (MetaSignature.verify(properties.whatsappAppSecret(), raw, signature)) {
            case MISSING -> throw new ApiProblem(401, "Unauthorized", "X-Hub-Signature-256 is missing.");
            case INVALID -> throw ApiProblem.forbidden("X-Hub-Signature-256 does not match the body.");
            case VALID -> { }
        }
        JsonNode root;
        try {
            root = json.readTree(raw);
        } catch (RuntimeException e) {
            throw ApiProblem.badRequest("The body is not JSON.");
        }
        MetaWebhookParser.Parsed parsed = MetaWebhookParser.parse(root, providerIds, clock.instant());
        // A retry of the whole notification re-applies what went through already; that changes nothing.
        Recorded.orRetryLater(() -> {
            for (StatusReport report : parsed.statuses()) {
                statuses.report(report);
            }
            for (InboundMessage message : parsed.messages()) {
                inbound.receive(message);
            }
        });
        return ResponseEntity.ok().build();
    }
}
