package io.sbme.tracking.status;

import java.util.Locale;
import java.util.Optional;

/** A delivery status as a provider reports it, mapped from Meta's and Twilio's words. */
public enum ProviderStatus {
    SENT, DELIVERED, READ, FAILED, UNDELIVERED;

    /**
     * Meta: sent, delivered, read, failed. Twilio: queued, sending, sent, delivered, undelivered,
     * failed, read (and others that say nothing about delivery). Empty for words that move nothing.
     */
    public static Optional<ProviderStatus> parse(String word) {
        if (word == null) {
            return Optional.empty();
        }
        return switch (word.trim().toLowerCase(Locale.ROOT)) {
            case "sent" -> Optional.of(SENT);
            case "delivered" -> Optional.of(DELIVERED);
            case "read" -> Optional.of(READ);
            case "failed" -> Optional.of(FAILED);
            case "undelivered" -> Optional.of(UNDELIVERED);
            default -> Optional.empty();
        };
    }

    Stage stage() {
        return switch (this) {
            case SENT -> Stage.SENT;
            case DELIVERED -> Stage.DELIVERED;
            case READ -> Stage.READ;
            case FAILED, UNDELIVERED -> null;
        };
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
