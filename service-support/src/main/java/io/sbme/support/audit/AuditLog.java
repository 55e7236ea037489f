package io.sbme.support.audit;

import io.sbme.contracts.AuditEntry;
import io.sbme.contracts.Topics;
import io.sbme.support.kafka.ContractPublisher;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Writes audit entries to the {@code audit-log} topic. Callers pass ids and masked values only;
 * a full phone number must never be handed to this class.
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

    public void record(String actor, String action, String subject, String outcome, Map<String, String> details) {
        AuditEntry entry = new AuditEntry(AuditEntry.SCHEMA_VERSION, UUID.randomUUID().toString(), service, actor,
                action, subject, outcome, details, clock.instant());
        publisher.publish(Topics.AUDIT_LOG, service, entry);
    }
}
