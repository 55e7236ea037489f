package io.sbme.sandbox.whatsapp;

import io.sbme.sandbox.SandboxProperties;
import io.sbme.sandbox.control.RecordedRequest;
import io.sbme.sandbox.control.RequestLog;
import io.sbme.sandbox.control.World;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The WhatsApp Cloud API's send endpoint: checks the bearer token and the payload like Meta, answers
 * Meta's success or Graph error JSON, and schedules the signed status webhooks.
 */
@RestController
class CloudApiController {

    private final SandboxProperties properties;
    private final World world;
    private final RequestLog requests;
    private final MetaWebhooks webhooks;
    private final JsonMapper json;
    private final Clock clock;

    CloudApiController(SandboxProperties properties, World world, RequestLog requests, MetaWebhooks webhooks,
                       JsonMapper json, Clock clock) {
        this.properties = properties;
        this.world = world;
        this.requests = requests;
        this.webhooks = webhooks;
        this.json = json;
        this.clock = clock;
    }

    @PostMapping(path = "/v{version:\\d+\\.\\d+}/{phoneNumberId}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> send(@PathVariable String version, @PathVariable String phoneNumberId,
                                             @RequestHeader(name = "Authorization", required = false) String authorization,
                                             @RequestBody(required = false) byte[] rawBody) {
        long receivedAt = clock.millis();
        world.simulateLatency();
        JsonNode request = parse(rawBody);
        String to = request == null ? null : CloudApiValidator.normalise(request.path("to").asString(""));
        String messageId = request == null ? null : request.path("biz_opaque_callback_data").asString(null);

        Optional<GraphError> refusal = authorised(authorization)
                ? check(phoneNumberId, request, to)
                : Optional.of(GraphError.invalidToken());
        if (refusal.isPresent()) {
            GraphError error = refusal.get();
            requests.add(new RecordedRequest(receivedAt, "whatsapp", to, messageId, null, error.httpStatus(), error.code(),
                    request));
            return ResponseEntity.status(error.httpStatus()).body(error.body());
        }
        String wamid = MetaWebhooks.newWamid(to);
        requests.add(new RecordedRequest(receivedAt, "whatsapp", to, messageId, wamid, 200, null, request));
        webhooks.scheduleStatuses(wamid, to, messageId, "template".equals(request.path("type").asString("")), receivedAt);
        return ResponseEntity.ok(Map.of(
                "messaging_product", "whatsapp",
                "contacts", List.of(Map.of("input", request.path("to").stringValue(), "wa_id", to.substring(1))),
                "messages", List.of(Map.of("id", wamid))));
    }

    private Optional<GraphError> check(String phoneNumberId, JsonNode request, String to) {
        if (!properties.whatsapp().phoneNumberId().equals(phoneNumberId)) {
            return Optional.of(GraphError.unknownPhoneNumberId(phoneNumberId));
        }
        Optional<GraphError> invalid = CloudApiValidator.validate(request, properties.whatsapp().templates());
        if (invalid.isPresent()) {
            return invalid;
        }
        String type = request.path("type").asString("text");
        if (world.behaviour().isNotOnWhatsApp(to)) {
            return Optional.of(GraphError.notOnWhatsApp());
        }
        if (!"template".equals(type) && world.behaviour().enforceWindow() && !world.insideWindow(to)) {
            return Optional.of(GraphError.outsideWindow());
        }
        if (!world.takeSendPermit()) {
            return Optional.of(GraphError.rateLimited());
        }
        if (world.chance(world.behaviour().transientErrorRate())) {
            return Optional.of(GraphError.unavailable());
        }
        if (world.chance(world.behaviour().errorRate())) {
            return Optional.of(GraphError.ecosystemLimit());
        }
        return Optional.empty();
    }

    private boolean authorised(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, properties.whatsapp().accessToken().getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode parse(byte[] rawBody) {
        if (rawBody == null || rawBody.length == 0) {
            return null;
        }
        try {
            return json.readTree(rawBody);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
