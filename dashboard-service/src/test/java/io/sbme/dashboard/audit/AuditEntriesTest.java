package io.sbme.dashboard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.AuditEntry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditEntriesTest {

    private static final Instant AT = Instant.parse("2026-11-24T09:30:00Z");

    @Test
    void aVersion1EntryNamingAUserInItsSubjectGetsTheUserInItsOwnField() {
        AuditEntry old = new AuditEntry(1, "aud-1", "consent-service", "admin", "consent.revoked",
                "u-0a1b2c3d4e5f60718293a4b5c6d7e8f9", "ok", Map.of("channels", "sms"), AT, null);

        AuditEntry current = AuditEntries.current(old);

        assertThat(current.userId()).isEqualTo("u-0a1b2c3d4e5f60718293a4b5c6d7e8f9");
        assertThat(current.subject()).isNull();
        assertThat(current).usingRecursiveComparison().ignoringFields("userId", "subject").isEqualTo(old);
    }

    @Test
    void aVersion1EntryAboutAChannelOrAMessageIsLeftAsItIs() {
        AuditEntry channel = new AuditEntry(1, "aud-1", "dispatcher-service", "admin", "channel.paused", "whatsapp",
                "ok", Map.of(), AT, null);
        AuditEntry message = new AuditEntry(1, "aud-2", "dispatcher-service", "dispatcher-service", "message.sent",
                "m-1f2e3d", "sent", Map.of(), AT, null);

        assertThat(AuditEntries.current(channel)).isSameAs(channel);
        assertThat(AuditEntries.current(message)).isSameAs(message);
    }

    @Test
    void aCurrentEntryIsTakenAtItsWordEvenWhenItsSubjectLooksLikeAUser() {
        AuditEntry entry = new AuditEntry(AuditEntry.SCHEMA_VERSION, "aud-1", "decision-service", "admin",
                "flow.trigger", "u-lookalike", "SEND", Map.of(), AT, "u-0a1b2c3d4e5f60718293a4b5c6d7e8f9");

        assertThat(AuditEntries.current(entry)).isSameAs(entry);
    }
}
