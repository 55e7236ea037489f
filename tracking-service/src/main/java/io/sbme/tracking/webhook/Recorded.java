package io.sbme.tracking.webhook;

import io.sbme.support.web.ApiProblem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Applies what a webhook reported, or answers 503 so the provider delivers it again: a webhook is
 * acknowledged only once its effect and the records that report it are stored (in Redis, with the
 * outbox), never when they could not be.
 */
public final class Recorded {

    private static final Logger log = LoggerFactory.getLogger(Recorded.class);

    private Recorded() {
    }

    /**
     * Runs {@code apply}; when the store cannot take it (Redis unreachable, refusing writes, a change
     * that kept losing its compare-and-set) throws a 503 problem instead.
     */
    public static void orRetryLater(Runnable apply) {
        try {
            apply.run();
        } catch (DataAccessException | IllegalStateException e) {
            log.warn("a webhook could not be recorded; the provider is asked to retry: {}", e.toString());
            throw new ApiProblem(503, "Service Unavailable", "The notification could not be recorded; retry later.");
        }
    }
}
