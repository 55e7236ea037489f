package io.sbme.contracts;

import java.time.Instant;

/**
 * A user's consent as every stage sees it; the value of the compacted {@code consent-state} topic.
 *
 * <p>Invariant: this record never holds the full phone number, only its masked form. The number
 * itself lives encrypted in consent-service's vault.
 *
 * @param version increases with every change, so a stale record can be recognised
 * @param regionCode the phone's region (ISO 3166 alpha-2), for quiet hours
 * @param timeZone the recipient's time zone inferred from the number, for quiet hours
 * @param change what changed last, e.g. {@code opted_in}, {@code revoked}, {@code keyword_stop},
 *               {@code confirmation_requested}, {@code confirmed}
 * @param numberKey a keyed hash of the number (never the number), the same for every profile that
 *                  holds it, so that caps can count per number; null when no number is on file
 * @param confirmationChannel while {@link ConsentStatus#PENDING}, the channel the confirmation goes on
 */
public record ConsentState(
        int schemaVersion,
        String userId,
        long version,
        ConsentStatus status,
        String maskedPhone,
        String regionCode,
        String timeZone,
        ChannelConsent consent,
        Channel preferredChannel,
        String change,
        Instant updatedAt,
        String numberKey,
        Channel confirmationChannel) {

    public static final int SCHEMA_VERSION = 1;

    /** The state without the double opt-in fields, as written before they existed. */
    public ConsentState(int schemaVersion, String userId, long version, ConsentStatus status, String maskedPhone,
                        String regionCode, String timeZone, ChannelConsent consent, Channel preferredChannel,
                        String change, Instant updatedAt) {
        this(schemaVersion, userId, version, status, maskedPhone, regionCode, timeZone, consent, preferredChannel,
                change, updatedAt, null, null);
    }

    /** Consent per channel. */
    public record ChannelConsent(boolean whatsapp, boolean sms) {

        public boolean allows(Channel channel) {
            return switch (channel) {
                case WHATSAPP -> whatsapp;
                case SMS -> sms;
                default -> false;
            };
        }

        public boolean any() {
            return whatsapp || sms;
        }
    }

    /** Whether the one confirmation message may go to this pending user on that channel. */
    public boolean awaitsConfirmationOn(Channel channel) {
        return status == ConsentStatus.PENDING && channel != null && channel == confirmationChannel;
    }

    /** Whether a message may go to this user on that channel, as far as this view knows. */
    public boolean allows(Channel channel) {
        return status == ConsentStatus.OPTED_IN && consent != null && consent.allows(channel);
    }
}
