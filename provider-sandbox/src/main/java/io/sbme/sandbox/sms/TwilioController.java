package io.sbme.sandbox.sms;

import io.sbme.sandbox.SandboxProperties;
import io.sbme.sandbox.control.Behaviour;
import io.sbme.sandbox.control.RecordedRequest;
import io.sbme.sandbox.control.RequestLog;
import io.sbme.sandbox.control.World;
import io.sbme.sandbox.webhook.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Twilio's Messages API: form-encoded send with Basic auth, Twilio's message JSON or error JSON,
 * then signed status callbacks to the request's {@code StatusCallback} URL.
 *
 * <p>Twilio has no field that echoes the sender's own id, so our dispatcher puts its message id on
 * the callback URL ({@code StatusCallback=https://…/webhooks/sms?messageId=<id>}); the sandbox
 * reads it from there for {@code GET /sandbox/requests}.
 */
@RestController
class TwilioController {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final String API_VERSION = "2010-04-01";

    private final SandboxProperties properties;
    private final World world;
    private final RequestLog requests;
    private final WebhookSender sender;
    private final Clock clock;

    TwilioController(SandboxProperties properties, World world, RequestLog requests, WebhookSender sender, Clock clock) {
        this.properties = properties;
        this.world = world;
        this.requests = requests;
        this.sender = sender;
        this.clock = clock;
    }

    @PostMapping(path = "/2010-04-01/Accounts/{accountSid}/Messages.json", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> send(@PathVariable String accountSid,
                                             @RequestHeader(name = "Authorization", required = false) String authorization,
                                             @RequestParam MultiValueMap<String, String> form) {
        long receivedAt = clock.millis();
        world.simulateLatency();
        Map<String, String> params = form.toSingleValueMap();
        String to = params.get("To");
        String callback = params.get("StatusCallback");
        String messageId = callback == null ? null : messageIdOf(callback);

        Optional<TwilioError> refusal = check(accountSid, authorization, params);
        if (refusal.isPresent()) {
            TwilioError error = refusal.get();
            requests.add(new RecordedRequest(receivedAt, "sms", to, messageId, null, error.status(), error.code(), params));
            return ResponseEntity.status(error.status()).body(error.body());
        }
        String sid = newSid();
        String body = params.get("Body");
        String from = params.getOrDefault("From", properties.twilio().from());
        requests.add(new RecordedRequest(receivedAt, "sms", to, messageId, sid, 201, null, params));
        if (callback != null) {
            scheduleCallbacks(callback, sid, to, from);
        }
        return ResponseEntity.status(201).body(message(sid, to, from, body, receivedAt));
    }

    private Optional<TwilioError> check(String accountSid, String authorization, Map<String, String> params) {
        if (!authorised(accountSid, authorization)) {
            return Optional.of(new TwilioError(401, 20003, "Authenticate"));
        }
        String to = params.get("To");
        if (to == null || to.isBlank()) {
            return Optional.of(new TwilioError(400, 21604, "A 'To' phone number is required."));
        }
        if (!to.matches("\\+[1-9]\\d{6,14}")) {
            return Optional.of(new TwilioError(400, 21211, "Invalid 'To' Phone Number: " + to));
        }
        if (isBlank(params.get("From")) && isBlank(params.get("MessagingServiceSid"))) {
            return Optional.of(new TwilioError(400, 21603, "A 'From' phone number is required."));
        }
        String body = params.get("Body");
        if (isBlank(body)) {
            return Optional.of(new TwilioError(400, 21602, "Message body is required."));
        }
        if (body.length() > 1600) {
            return Optional.of(new TwilioError(400, 21617, "The concatenated message body exceeds the 1600 character limit."));
        }
        String callback = params.get("StatusCallback");
        if (callback != null && !callback.startsWith("http://") && !callback.startsWith("https://")) {
            return Optional.of(new TwilioError(400, 21609, "The StatusCallback URL " + callback + " is not a valid URL."));
        }
        if (world.smsOptedOut(to)) {
            return Optional.of(new TwilioError(400, 21610, "Attempt to send to unsubscribed recipient"));
        }
        if (world.chance(world.behaviour().transientErrorRate())) {
            return Optional.of(new TwilioError(500, 20500, "Internal Server Error"));
        }
        if (world.chance(world.behaviour().errorRate())) {
            return Optional.of(new TwilioError(400, 21614, "'To' number is not a valid mobile number"));
        }
        return Optional.empty();
    }

    private void scheduleCallbacks(String url, String sid, String to, String from) {
        Behaviour b = world.behaviour();
        schedule(url, callback(sid, to, from, "sent"), b.sentDelayMs());
        if (b.undeliverable(to)) {
            Map<String, List<String>> undelivered = callback(sid, to, from, "undelivered");
            // Twilio 30003: Unreachable destination handset.
            undelivered.put("ErrorCode", List.of("30003"));
            schedule(url, undelivered, b.deliveredDelayMs());
        } else if (!b.dropsDeliveredFor(to)) {
            schedule(url, callback(sid, to, from, "delivered"), b.deliveredDelayMs());
        }
    }

    private void schedule(String url, Map<String, List<String>> form, long delay) {
        sender.scheduleTwilio(url, form, delay);
        if (world.chance(world.behaviour().duplicateRate())) {
            sender.scheduleTwilio(url, form, delay + 50);
        }
    }

    private Map<String, List<String>> callback(String sid, String to, String from, String status) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        form.put("SmsSid", List.of(sid));
        form.put("SmsStatus", List.of(status));
        form.put("MessageStatus", List.of(status));
        form.put("To", List.of(to));
        form.put("MessageSid", List.of(sid));
        form.put("AccountSid", List.of(properties.twilio().accountSid()));
        form.put("From", List.of(from));
        form.put("ApiVersion", List.of(API_VERSION));
        return form;
    }

    private Map<String, Object> message(String sid, String to, String from, String body, long receivedAt) {
        String account = properties.twilio().accountSid();
        String now = RFC_2822.format(java.time.Instant.ofEpochMilli(receivedAt));
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("account_sid", account);
        message.put("api_version", API_VERSION);
        message.put("body", body);
        message.put("date_created", now);
        message.put("date_sent", null);
        message.put("date_updated", now);
        message.put("direction", "outbound-api");
        message.put("error_code", null);
        message.put("error_message", null);
        message.put("from", from);
        message.put("messaging_service_sid", null);
        message.put("num_media", "0");
        message.put("num_segments", String.valueOf(Segments.count(body)));
        message.put("price", null);
        message.put("price_unit", "USD");
        message.put("sid", sid);
        message.put("status", "queued");
        message.put("subresource_uris", Map.of("media",
                "/2010-04-01/Accounts/" + account + "/Messages/" + sid + "/Media.json"));
        message.put("to", to);
        message.put("uri", "/2010-04-01/Accounts/" + account + "/Messages/" + sid + ".json");
        return message;
    }

    private boolean authorised(String accountSid, String authorization) {
        if (!properties.twilio().accountSid().equals(accountSid) || authorization == null
                || !authorization.startsWith("Basic ")) {
            return false;
        }
        byte[] expected = (properties.twilio().accountSid() + ":" + properties.twilio().authToken())
                .getBytes(StandardCharsets.UTF_8);
        try {
            return MessageDigest.isEqual(Base64.getDecoder().decode(authorization.substring(6).trim()), expected);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static String messageIdOf(String callbackUrl) {
        try {
            return UriComponentsBuilder.fromUriString(callbackUrl).build().getQueryParams().getFirst("messageId");
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A new message SID in Twilio's form: {@code SM} + 32 hex digits. */
    static String newSid() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return "SM" + HexFormat.of().formatHex(bytes);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
