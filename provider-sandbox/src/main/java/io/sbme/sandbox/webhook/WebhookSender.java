package io.sbme.sandbox.webhook;

import io.sbme.sandbox.SandboxProperties;
import jakarta.annotation.PreDestroy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Posts signed webhooks the way the providers do: Meta's JSON with {@code X-Hub-Signature-256},
 * Twilio's form with {@code X-Twilio-Signature}. Status webhooks are scheduled after a delay and
 * retried, each on its own, with a growing backoff for as long as {@code sandbox.webhook-retry-for}
 * while the receiver does not take them; inbound messages are posted at once and answer the
 * receiver's status.
 */
@Component
public class WebhookSender {

    private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("webhook-scheduler").daemon().factory());
    // The scheduler only times the posts; each post runs on its own virtual thread so a slow
    // receiver does not delay the other webhooks.
    private final java.util.concurrent.ExecutorService posters = Executors.newVirtualThreadPerTaskExecutor();
    // Providers deliver webhooks over a bounded number of connections per app, not one per status:
    // unbounded posts would turn a busy receiver into timeouts, retries and yet more load.
    private final Semaphore connections;
    private final SandboxProperties properties;

    WebhookSender(SandboxProperties properties) {
        this.properties = properties;
        this.connections = new Semaphore(properties.webhookConcurrency());
    }

    /** Schedules Meta's signed JSON webhook to the app's webhook URL; retried like Meta when it fails. */
    public void scheduleMeta(byte[] body, long delayMs) {
        schedule(() -> postMeta(body), delayMs);
    }

    /** Runs {@code task} on the webhook timer after {@code delayMs}; it must be quick (it only gathers or hands off). */
    public void later(Runnable task, long delayMs) {
        scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Schedules Twilio's signed form callback to {@code url}, exactly as the sender gave it; retried when it fails. */
    public void scheduleTwilio(String url, Map<String, List<String>> form, long delayMs) {
        schedule(() -> postTwilio(url, form), delayMs);
    }

    /**
     * Providers retry a webhook the receiver did not take (unreachable or 5xx) for a long time, with a
     * backoff that grows (Meta for up to 7 days); a 4xx, such as a refused signature, is final. The
     * sandbox retries after {@code webhook-retry-initial}, doubling up to {@code webhook-retry-max-interval},
     * until {@code webhook-retry-for} has passed since the first try. Each webhook waits on its own
     * timer, so one the receiver refuses holds back no other; neither provider promises the order of a
     * message's statuses, and a retried one may arrive after a later status.
     */
    private void schedule(java.util.function.IntSupplier post, long delayMs) {
        schedule(post, delayMs, new Retry(System.nanoTime() + delayMs * 1_000_000L, properties.webhookRetryInitial().toMillis()));
    }

    private void schedule(java.util.function.IntSupplier post, long delayMs, Retry retry) {
        scheduler.schedule(() -> posters.execute(() -> {
            int status = post.getAsInt();
            if (status == 0 || status >= 500) {
                long giveUpAt = retry.firstAt() + properties.webhookRetryFor().toMillis() * 1_000_000L;
                if (System.nanoTime() + retry.nextDelayMs() * 1_000_000L <= giveUpAt) {
                    schedule(post, retry.nextDelayMs(), new Retry(retry.firstAt(),
                            Math.min(retry.nextDelayMs() * 2, properties.webhookRetryMaxInterval().toMillis())));
                } else {
                    log.warn("giving a webhook up after retrying it for {} ms", properties.webhookRetryFor().toMillis());
                }
            }
        }), delayMs, TimeUnit.MILLISECONDS);
    }

    /** A webhook's retries: when it was first tried (nanoTime) and the pause before the next try. */
    private record Retry(long firstAt, long nextDelayMs) {
    }

    /** Posts Meta's signed webhook now; answers the receiver's HTTP status, or 0 when it was unreachable. */
    public int postMeta(byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(properties.webhookBaseUrl() + "/webhooks/whatsapp"))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/json")
                .header("X-Hub-Signature-256", Signatures.meta(properties.whatsapp().appSecret(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return send(request);
    }

    /** Posts Twilio's signed form now; answers the receiver's HTTP status, or 0 when it was unreachable. */
    public int postTwilio(String url, Map<String, List<String>> form) {
        String body = form.entrySet().stream()
                .flatMap(e -> e.getValue().stream().map(v -> encode(e.getKey()) + "=" + encode(v)))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("X-Twilio-Signature", Signatures.twilio(properties.twilio().authToken(), url, form))
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return send(request);
    }

    /** The URL inbound SMS go to: Twilio's number configuration points at our webhook. */
    public String smsWebhookUrl() {
        return properties.webhookBaseUrl() + "/webhooks/sms";
    }

    private int send(HttpRequest request) {
        try {
            connections.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 300) {
                log.warn("webhook to {} answered {}", request.uri().getPath(), status);
            }
            return status;
        } catch (java.io.IOException e) {
            log.warn("webhook to {} failed: {}", request.uri().getPath(), e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        } finally {
            connections.release();
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @PreDestroy
    void stop() {
        scheduler.shutdownNow();
        posters.shutdownNow();
    }
}
