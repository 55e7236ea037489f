package io.sbme.tracking.webhook.sms;

import io.sbme.contracts.Channel;
import io.sbme.support.privacy.ProviderIds;
import io.sbme.support.web.ApiProblem;
import io.sbme.tracking.TrackingProperties;
import io.sbme.tracking.inbound.InboundMessage;
import io.sbme.tracking.inbound.InboundReplies;
import io.sbme.tracking.status.ProviderStatus;
import io.sbme.tracking.status.StatusReport;
import io.sbme.tracking.status.StatusTracker;
import io.sbme.tracking.webhook.Recorded;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Twilio's webhooks on one URL: message status callbacks ({@code MessageStatus}) and inbound SMS
 * ({@code Body}). Verified with {@code X-Twilio-Signature} over the public URL Twilio called — the
 * gateway's, {@code tracking.public-base-url} + path + query, never this service's own Host — and
 * the form parameters of the body only (the query is already part of the URL).
 *
 * <p>Twilio echoes nothing of ours, so the dispatcher puts our id on the callback URL
 * ({@code StatusCallback=<public base>/webhooks/sms?messageId=<id>}); it is signed with the URL.
 *
 * <p>The SID goes on only as its {@link ProviderIds} digest, like a WhatsApp id: Twilio's SIDs hold
 * no number today, but one rule for every provider cannot be forgotten for the next one. {@code To}
 * is never read; an inbound {@code From} is, for consent-service only.
 */
@RestController
class TwilioWebhookController {

    static final int MAX_BODY_BYTES = 64 * 1024;
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>";

    private final TrackingProperties properties;
    private final StatusTracker statuses;
    private final InboundReplies inbound;
    private final ProviderIds providerIds;
    private final Clock clock;

    TwilioWebhookController(TrackingProperties properties, StatusTracker statuses, InboundReplies inbound,
                            ProviderIds providerIds, Clock clock) {
        this.properties = properties;
        this.statuses = statuses;
        this.inbound = inbound;
        this.providerIds = providerIds;
        this.clock = clock;
    }

    @PostMapping("/webhooks/sms")
    ResponseEntity<String> receive(HttpServletRequest request) throws IOException {
        Map<String, List<String>> form = parseForm(readBody(request));
        String query = request.getQueryString();
        String url = properties.publicBaseUrl() + request.getRequestURI() + (query == null ? "" : "?" + query);
        switch (TwilioSignature.verify(properties.twilioAuthToken(), url, form, request.getHeader("X-Twilio-Signature"))) {
            case MISSING -> throw new ApiProblem(401, "Unauthorized", "X-Twilio-Signature is missing.");
            case INVALID -> throw ApiProblem.forbidden("X-Twilio-Signature does not match the URL and parameters.");
            case VALID -> { }
        }
        String sid = first(form, "MessageSid").or(() -> first(form, "SmsSid")).map(providerIds::digest).orElse(null);
        if (sid == null) {
            throw ApiProblem.badRequest("MessageSid is missing.");
        }
        Optional<String> status = first(form, "MessageStatus").or(() -> first(form, "SmsStatus"));
        boolean isInbound = status.isEmpty() || status.get().equals("received") || status.get().equals("receiving");
        if (isInbound) {
            String from = first(form, "From").orElse("");
            String body = first(form, "Body").orElse("");
            if (!from.matches("\\+[1-9]\\d{6,14}") || body.isBlank()) {
                throw ApiProblem.badRequest("An inbound message needs From and Body.");
            }
            Recorded.orRetryLater(() -> inbound.receive(new InboundMessage(Channel.SMS, sid, from, body, clock.instant())));
        } else {
            Optional<ProviderStatus> parsed = ProviderStatus.parse(status.get());
            if (parsed.isPresent()) {
                String messageId = query == null ? null
                        : UriComponentsBuilder.fromUriString("/?" + query).build().getQueryParams().getFirst("messageId");
                StatusReport report = new StatusReport(Channel.SMS, sid, messageId, parsed.get(),
                        first(form, "ErrorCode").orElse(null), clock.instant());
                Recorded.orRetryLater(() -> statuses.report(report));
            }
        }
        return ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(EMPTY_TWIML);
    }

    /**
     * Reads the raw body ourselves: the servlet's parameter map would mix query parameters into the
     * form parameters, and Twilio signs them separately.
     */
    private static String readBody(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw new ApiProblem(413, "Content Too Large", "A webhook body is at most " + MAX_BODY_BYTES + " bytes.");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static Map<String, List<String>> parseForm(String body) {
        Map<String, List<String>> form = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return form;
        }
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                form.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            } catch (IllegalArgumentException e) {
                throw ApiProblem.badRequest("The form body is not valid URL encoding.");
            }
        }
        return form;
    }

    private static Optional<String> first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() || values.getFirst().isBlank() ? Optional.empty()
                : Optional.of(values.getFirst());
    }
}
