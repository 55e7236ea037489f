package io.sbme.dispatcher.sms;

import io.sbme.contracts.Channel;
import io.sbme.dispatcher.ChannelSender;
import io.sbme.dispatcher.DispatcherProperties;
import io.sbme.dispatcher.OutboundMessage;
import io.sbme.dispatcher.ProviderHttp;
import io.sbme.dispatcher.SendOutcome;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

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

    private final ProviderHttp http;
    private final URI endpoint;
    private final String authorization;
    private final String from;
    private final String statusCallback;

    TwilioSmsSender(DispatcherProperties properties) {
        DispatcherProperties.Sms config = properties.sms();
        this.endpoint = URI.create(ProviderHttp.base(config.baseUrl()) + "/2010-04-01/Accounts/" + config.accountSid()
                + "/Messages.json");
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (config.accountSid() + ":" + config.authToken()).getBytes(StandardCharsets.UTF_8));
        this.from = config.from();
        this.statusCallback = config.statusCallbackUrl();
        this.http = new ProviderHttp(properties.httpTimeout());
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
        HttpRequest request = http.post(endpoint)
                .header("Authorization", authorization)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form(outbound)))
                .build();
        return http.exchange(request, (status, json) -> {
            if (status / 100 == 2) {
                String sid = json == null ? null : json.path("sid").asString(null);
                return sid == null ? new SendOutcome.Transient("provider_error", "no_sid") : new SendOutcome.Accepted(sid);
            }
            return classify(status, json != null && json.path("code").canConvertToInt() ? json.path("code").asInt() : null);
        });
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

    /**
     * The status callback URL naming our message: Twilio echoes nothing of ours, so tracking learns
     * which message a receipt is about (even before it knows the SID) from {@code messageId} on the URL.
     */
    static String callbackFor(String url, String messageId) {
        if (messageId == null || url.contains("messageId=")) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "messageId=" + URLEncoder.encode(messageId, StandardCharsets.UTF_8);
    }

    private String form(OutboundMessage outbound) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("To", outbound.phone());
        fields.put("From", from);
        fields.put("Body", outbound.message().sms().text());
        if (statusCallback != null && !statusCallback.isBlank()) {
            fields.put("StatusCallback", callbackFor(statusCallback, outbound.messageId()));
        }
        return fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

}
