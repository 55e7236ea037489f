package io.sbme.dashboard.timeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.AuditEntry;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimelineEntriesTest {

    private static AuditEntry audit(String subject) {
        return new AuditEntry(AuditEntry.SCHEMA_VERSION, "e-1", "dispatcher-service", "dispatcher-service",
                "message.sent", subject, "sent", Map.of("channel", "whatsapp"), Instant.parse("2026-11-24T10:00:00Z"),
                "u-0123456789abcdef0123456789abcdef");
    }

    @Test
    void anAuditEntryAboutAMessageJoinsThatMessagesJourney() {
        // Message ids are minted as "m-…" by decision-service (Ids.messageFor).
        assertThat(TimelineEntries.of(audit("m-5f2a9c0d1e7b3a4c5d6e7f80"), false).messageId())
                .isEqualTo("m-5f2a9c0d1e7b3a4c5d6e7f80");
    }

    @Test
    void anAuditEntryAboutAChannelOrTemplateNamesNoMessage() {
        assertThat(TimelineEntries.of(audit("whatsapp"), false).messageId()).isNull();
        assertThat(TimelineEntries.of(audit("abandoned_cart_a"), false).messageId()).isNull();
    }

    @Test
    void anEntryOfAnErasedUserShowsNoUserId() {
        assertThat(TimelineEntries.of(audit("m-1"), true).userId()).isNotEqualTo("u-0123456789abcdef0123456789abcdef");
    }

    @Test
    void anEraseConfirmationSaysWhatWasErasedInWords() {
        assertThat(TimelineEntries.of(new io.sbme.contracts.PrivacyAck(io.sbme.contracts.PrivacyAck.SCHEMA_VERSION, "pr-1",
                "consent-service", 0, Instant.parse("2026-11-24T10:00:00Z"))).summary())
                .isEqualTo("consent-service confirmed erase pr-1: nothing left to erase");
        assertThat(TimelineEntries.erasedWords(1)).isEqualTo(": 1 item erased");
        assertThat(TimelineEntries.erasedWords(7)).isEqualTo(": 7 items erased");
    }
}
