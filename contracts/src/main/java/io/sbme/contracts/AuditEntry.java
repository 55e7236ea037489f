package io.sbme.contracts;

import java.time.Instant;
import java.util.Map;

/**
 * Who did what, when, and how it ended. Never carries a raw phone number; a deletion is recorded
 * without the deleted user's id.
 *
 * @param subject what the action was about: a message id, a channel, a template id, or a user id
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
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
