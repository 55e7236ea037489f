package io.sbme.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * Who did what, when, and how it ended. Never carries a raw phone number; a deletion is recorded
 * without the deleted user's id.
 *
 * @param subject what the action was about: a message id, a channel, a template id or a request
 *                id; never a user id (that is {@code userId})
 * @param userId the storefront user the action concerns, kept apart so the dashboard can forget
 *               it on an erase request without breaking the audit chain; null when none
 */
public record AuditEntry(
        int schemaVersion,
        String entryId,
        String service,
        String actor,
        String action,
        String subject,
        String outcome,
        Map<String, String> details,
        Instant at,
        String userId) {

    /** 2 added {@code userId}; version 1 producers named the user in {@code subject}. */
    public static final int SCHEMA_VERSION = 2;
}
