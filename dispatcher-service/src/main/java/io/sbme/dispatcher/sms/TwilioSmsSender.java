package io.sbme.dispatcher.sms;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ContractJson;
import io.sbme.dispatcher.ChannelSender;
import io.sbme.dispatcher.DispatcherProperties;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.SendOutcome;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Sends SMS through Twilio's Messages API (or anything that speaks it):
 * {@code POST /2010-04-01/Accounts/<sid>/Messages.json}, form-encoded {@code To}, {@code From},
 * {@code Body}, {@code StatusCallback}, HTTP Basic auth with the account SID and auth token.
 */
@Component
class TwilioSmsSender implements ChannelSender {

    /** Twilio codes that will not change on retry. Source: twilio.com/docs/api/errors. */
    private static final Map<Integer, String> PERMANENT = Map.of(
            21610, "sms_opted_out",
            21211, "invalid_number",
            21614, "not_mobile",
            21408, "region_not_permitted",
            21612, "unreachable_number",
            21606, "invalid_sender",
            20003, "provider_auth",
            21617, "body_too_long");

    private final HttpClient http;
    private final URI endpoint;
    private final String authorization;
    private final String from;
    private final String statusCallback;
    private final Duration timeout;

    TwilioSmsSender(DispatcherProperties properties) {
        DispatcherProperties.Sms config = properties.sms();
        String base = config.baseUrl().endsWith("/") ? config.baseUrl().substring(0, config.baseUrl().length() - 1)
                : config.baseUrl();
        this.endpoint = URI.create(base + "/2010-04-01/Accounts/" + config.accountSid() + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8));
        this.from = config.from();
        this.statusCallback = config.statusCallbackUrl();
        this.timeout = properties.httpTimeout();
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public SendOutcome send(OutboundMessage outbound) {
        if (outbound.message().sms() == null || outbound.message().sms().text() == null) {
            return new SendOutcome.Permanent("no_sms_rendition", null);
        }
        HttpRequest request = HttpRequest.newBuilder(endpoint)
                .timeout(timeout)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(outbound)))
                .build();
        try {
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode json = parse(response.body());
            if (response.statusCode() / 100 == 2) {
                String sid = json == null ? null : json.path("sid").asString(null);
                return sid == null ? new SendOutcome.Transient("provider_error", "no_sid") : new SendOutcome.Accepted(sid);
            }
            Integer code = json != null && json.path("code").canConvertToInt() ? json.path("code").asInt() : null;
            return classify(response.statusCode(), code);
        } catch (HttpTimeoutException e) {
            return new SendOutcome.Transient("timeout", null);
        } catch (IOException e) {
            return new SendOutcome.Transient("provider_unreachable", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new SendOutcome.Transient("interrupted", null);
        }
    }

    static SendOutcome classify(int status, Integer code) {
        String errorCode = code == null ? "http_" + status : String.valueOf(code);
        if (code != null && PERMANENT.containsKey(code)) {
            return new SendOutcome.Permanent(PERMANENT.get(code), errorCode);
        }
        if (status == 429 || (code != null && code == 20429)) {
            return new SendOutcome.Transient("rate_limited", errorCode);
        }
        if (status >= 500) {
            return new SendOutcome.Transient("provider_error", errorCode);
        }
        return new SendOutcome.Permanent("provider_rejected", errorCode);
    }

    private String form(OutboundMessage outbound) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("To", outbound.phone());
        fields.put("From", from);
        fields.put("Body", outbound.message().sms().text());
        if (statusCallback != null && !statusCallback.isBlank()) {
            fields.put("StatusCallback", statusCallback);
        }
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body == null || body.length == 0 ? null : ContractJson.mapper().readTree(body);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
