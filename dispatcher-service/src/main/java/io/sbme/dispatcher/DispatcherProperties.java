package io.sbme.dispatcher;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Dispatcher settings; every provider endpoint and credential is configuration, so the same code
 * talks to the sandbox locally and to Meta and Twilio in production.
 *
 * @param consentUrl consent-service, whose vault resolves numbers at send time
 * @param ratePerSecond sends per second per channel, shared by every dispatcher instance
 * @param httpTimeout connect and request timeout of provider and vault calls
 * @param inFlight dispatches this instance runs at once (each mostly waits on the vault and provider)
 * @param rateWait how long a dispatch waits for a free send slot before it is retried later
 */
@ConfigurationProperties("sbme.dispatcher")
public record DispatcherProperties(
        String consentUrl,
        WhatsApp whatsapp,
        Sms sms,
        Rate ratePerSecond,
        Breaker breaker,
        Duration httpTimeout,
        Integer inFlight,
        Duration rateWait) {

    public DispatcherProperties {
        httpTimeout = httpTimeout == null ? Duration.ofSeconds(5) : httpTimeout;
        inFlight = inFlight == null || inFlight < 1 ? 200 : inFlight;
        rateWait = rateWait == null ? Duration.ofSeconds(5) : rateWait;
        ratePerSecond = ratePerSecond == null ? new Rate(80, 30) : ratePerSecond;
        breaker = breaker == null ? new Breaker(50, 20, 10, Duration.ofSeconds(30)) : breaker;
    }

    /** The WhatsApp Cloud API: {@code POST <baseUrl>/<apiVersion>/<phoneNumberId>/messages}. */
    public record WhatsApp(String baseUrl, String apiVersion, String phoneNumberId, String accessToken) {
    }

    /** Twilio's Messages API: {@code POST <baseUrl>/2010-04-01/Accounts/<accountSid>/Messages.json}. */
    public record Sms(String baseUrl, String accountSid, String authToken, String from, String statusCallbackUrl) {
    }

    /** Provider throughput tiers; WhatsApp's Cloud API default is 80 messages per second. */
    public record Rate(int whatsapp, int sms) {
    }

    /** The circuit breaker of each channel. */
    public record Breaker(int failureRatePercent, int slidingWindowCalls, int minimumCalls, Duration openFor) {
    }
}
