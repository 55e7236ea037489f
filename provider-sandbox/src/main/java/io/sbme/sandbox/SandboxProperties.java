package io.sbme.sandbox;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The sandbox's fixed settings: the credentials it expects (shared with the services that call it
 * and verify its webhooks), where it posts webhooks, and how many requests it remembers.
 *
 * @param webhookBaseUrl where webhooks without a callback URL of their own are posted (the gateway)
 * @param maxRequests how many received provider requests {@code GET /sandbox/requests} keeps
 * @param webhookConcurrency how many status webhooks are posted at the same time, at most
 * @param webhookBatchMax how many WhatsApp statuses one webhook carries, at most (Meta's limit is 1,000)
 * @param webhookBatchLingerMs how long a due WhatsApp status waits for others to share its webhook
 * @param webhookRetryFor how long a webhook the receiver does not take is retried, from its first try
 * @param webhookRetryInitial the pause before the first retry; each next pause doubles
 * @param webhookRetryMaxInterval the longest pause between two tries
 */
@ConfigurationProperties("sandbox")
public record SandboxProperties(WhatsApp whatsapp, Twilio twilio, String webhookBaseUrl, int maxRequests,
                                int webhookConcurrency, int webhookBatchMax, long webhookBatchLingerMs,
                                Duration webhookRetryFor, Duration webhookRetryInitial, Duration webhookRetryMaxInterval) {

    public SandboxProperties {
        maxRequests = maxRequests <= 0 ? 10_000 : maxRequests;
        webhookConcurrency = webhookConcurrency <= 0 ? 32 : webhookConcurrency;
        webhookBatchMax = Math.clamp(webhookBatchMax <= 0 ? 100 : webhookBatchMax, 1, 1_000);
        webhookBatchLingerMs = Math.max(0, webhookBatchLingerMs);
        webhookRetryFor = webhookRetryFor == null ? Duration.ofMinutes(10) : webhookRetryFor;
        webhookRetryInitial = webhookRetryInitial == null || webhookRetryInitial.isNegative() || webhookRetryInitial.isZero()
                ? Duration.ofMillis(500) : webhookRetryInitial;
        webhookRetryMaxInterval = webhookRetryMaxInterval == null ? Duration.ofMinutes(1) : webhookRetryMaxInterval;
        if (webhookRetryMaxInterval.compareTo(webhookRetryInitial) < 0) {
            webhookRetryMaxInterval = webhookRetryInitial;
        }
        webhookBaseUrl = webhookBaseUrl == null ? "http://localhost:8080" : webhookBaseUrl.replaceAll("/+$", "");
    }

    /** The Cloud API side: the bearer token, the app secret that signs webhooks, the sender's ids. */
    public record WhatsApp(String accessToken, String appSecret, String phoneNumberId, String businessAccountId,
                           String displayPhoneNumber, List<String> templates) {

        public WhatsApp {
            templates = templates == null ? List.of() : List.copyOf(templates);
        }
    }

    /** The Twilio side: the account, the auth token that signs callbacks, the sending number. */
    public record Twilio(String accountSid, String authToken, String from) {
    }
}
