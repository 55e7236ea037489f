package io.sbme.ingest.events;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Ingest settings.
 *
 * @param apiKeys the keys the batch endpoint accepts, comma-separated ({@code SBME_INGEST_API_KEY})
 * @param publishTimeout how long a request waits for Kafka's acknowledgement before answering 503
 * @param dedupeTtl how long an event id is remembered (7 days)
 * @param maxBatch the most events one batch call may carry
 * @param retryAfterSeconds the {@code Retry-After} of a 503
 */
@ConfigurationProperties("ingest")
record IngestProperties(String apiKeys, Duration publishTimeout, Duration dedupeTtl, int maxBatch,
                        int retryAfterSeconds) {

    IngestProperties {
        apiKeys = apiKeys == null ? "" : apiKeys;
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(3) : publishTimeout;
        dedupeTtl = dedupeTtl == null ? Duration.ofDays(7) : dedupeTtl;
        maxBatch = maxBatch <= 0 ? 1000 : maxBatch;
        retryAfterSeconds = retryAfterSeconds <= 0 ? 5 : retryAfterSeconds;
    }

    List<String> keys() {
        return Arrays.stream(apiKeys.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList();
    }
}
