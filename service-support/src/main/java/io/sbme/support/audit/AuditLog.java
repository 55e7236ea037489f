package io.sbme.support.audit;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Writes audit entries to the {@code audit-log} topic. Callers pass ids and masked values only;
 * a full phone number must never be handed to this class, and a user id only as {@code userId}.
 */
public class AuditLog {

    private final ContractPublisher publisher;
    private final String service;
    private final Clock clock;

    public AuditLog(ContractPublisher publisher, String service, Clock clock) {
        this.publisher = publisher;
        this.service = service;
        this.clock = clock;
    }

    /** Records an action that concerns no storefront user (a channel, a template, a request). */
    public void record(String actor, String action, String subject, String outcome, Map<String, String> details) {
        recordForUser(null, actor, action, subject, outcome, details);
    }

    /**
     * Records an action about one storefront user. The id must not also appear in {@code subject},
     * {@code actor} or {@code details}: only this field is forgotten when the user is erased.
     *
     * @return the send, for a caller that must know the entry was acknowledged before it goes on
     */
    public CompletableFuture<?> recordForUser(String userId, String actor, String action, String subject, String outcome,
                              Map<String, String> details) {
        AuditEntry entry = new AuditEntry(AuditEntry.SCHEMA_VERSION, UUID.randomUUID().toString(), service, actor,
                action, subject, outcome, details, clock.instant(), userId);
        return publisher.publish(Topics.AUDIT_LOG, service, entry);
    }
}
