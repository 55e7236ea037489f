package io.sbme.tracking;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Tracking's settings: the provider secrets that sign webhooks, the public URL the providers call
 * and shoppers land on, the consent-service URL, and how long things are remembered.
 *
 * @param publicBaseUrl the gateway's public URL: Twilio signs the URL it called, which is this plus the path
 * @param attributionWindow how long after a click an order is attributed to it
 * @param seenTtl how long an applied webhook is remembered (Meta retries for up to 7 days)
 * @param registryTtl how long a message's record is kept
 */
@ConfigurationProperties("tracking")
public record TrackingProperties(
        String whatsappAppSecret,
        String whatsappVerifyToken,
        String twilioAuthToken,
        String publicBaseUrl,
        String consentUrl,
        Duration attributionWindow,
        Duration seenTtl,
        Duration registryTtl) {

    public TrackingProperties {
        attributionWindow = attributionWindow == null ? Duration.ofDays(7) : attributionWindow;
        seenTtl = seenTtl == null ? Duration.ofDays(7) : seenTtl;
        registryTtl = registryTtl == null ? Duration.ofDays(30) : registryTtl;
        publicBaseUrl = publicBaseUrl == null ? "http://localhost:8080" : publicBaseUrl.replaceAll("/+$", "");
    }
}
