package io.sbme.dashboard.audit;

import io.sbme.contracts.AuditEntry;
import java.util.regex.Pattern;

/** Reads audit entries of every schema version alike: the user, if any, in {@code userId}. Pure. */
public final class AuditEntries {

    // Gateway-minted user ids: "u-" and 32 hex digits (docs/internal-api.md); admins may name others alike.
    private static final Pattern USER_ID = Pattern.compile("u-[A-Za-z0-9._:-]{1,98}");

    private AuditEntries() {
    }

    /**
     * The entry as the current schema has it. A version 1 producer (still running during a rolling
     * upgrade) named the user in {@code subject}; chained as it is, that id could never be erased,
     * so it moves to {@code userId}.
     */
    public static AuditEntry current(AuditEntry entry) {
        if (entry.schemaVersion() >= 2 || entry.userId() != null || entry.subject() == null
                || !USER_ID.matcher(entry.subject()).matches()) {
            return entry;
        }
        return new AuditEntry(entry.schemaVersion(), entry.entryId(), entry.service(), entry.actor(), entry.action(),
                null, entry.outcome(), entry.details(), entry.at(), entry.subject());
    }
}
