package io.sbme.consent.profile;

import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import java.time.Instant;

/**
 * What consent-service keeps about an opted-in user ({@code con:profile:<userId>}): the masked
 * number, consent per channel with proof, the preferred channel. Never the number itself.
 *
 * <p>Warning: the JSON field names {@code consent.whatsapp.granted} / {@code consent.sms.granted}
 * are read by the vault's resolve script in {@link ConsentStore}; rename them in both places.
 *
 * @param phoneIndex the blind index of the number, so revoke and delete can remove the index entry
 * @param version increases with every change; copied into {@link ConsentState#version()}
 * @param numberKey the number's key for other services (caps per number); another keyed hash than the index
 * @param confirmation how the number's owner confirmed it for this profile; null until then
 */
public record Profile(String userId, ConsentStatus status, String maskedPhone, String regionCode, String timeZone,
                      String phoneIndex, Consent consent, Channel preferredChannel, long version, Instant updatedAt,
                      String numberKey, Confirmation confirmation) {

    /**
     * The proof that the number's owner confirmed: the reply's channel, when it arrived, and the
     * provider's id of the inbound message (its digest).
     */
    public record Confirmation(Channel channel, Instant at, String inboundMessageId) {
    }

    /** Consent per channel. */
    public record Consent(ChannelProof whatsapp, ChannelProof sms) {

        public ChannelProof of(Channel channel) {
            return switch (channel) {
                case WHATSAPP -> whatsapp;
                case SMS -> sms;
                default -> ChannelProof.NEVER;
            };
        }

        Consent with(Channel channel, ChannelProof proof) {
            return switch (channel) {
                case WHATSAPP -> new Consent(proof, sms);
                case SMS -> new Consent(whatsapp, proof);
                default -> throw new IllegalArgumentException("no consent for channel " + channel);
            };
        }

        boolean any() {
            return whatsapp.granted() || sms.granted();
        }

        boolean anyPending() {
            return whatsapp.pending() || sms.pending();
        }

        /** Where a profile with this consent stands: opted in on any channel, else pending, else revoked. */
        ConsentStatus status() {
            return any() ? ConsentStatus.OPTED_IN : anyPending() ? ConsentStatus.PENDING : ConsentStatus.REVOKED;
        }
    }

    public boolean granted(Channel channel) {
        return consent.of(channel).granted();
    }

    /** Whether the vault still holds this user's number (it goes when every channel is revoked). */
    public boolean hasNumber() {
        return phoneIndex != null;
    }

    /**
     * Whether this profile's number is known to be its owner's: confirmed by a reply, or (for consent
     * given before double opt-in) already in use on a granted channel.
     */
    public boolean numberConfirmed() {
        return hasNumber() && (confirmation != null || consent.any());
    }

    /** While pending, the channel the confirmation goes on: the preferred one if pending, else the first pending. */
    public Channel confirmationChannel() {
        if (status != ConsentStatus.PENDING) {
            return null;
        }
        if (preferredChannel != null && consent.of(preferredChannel).pending()) {
            return preferredChannel;
        }
        return consent.whatsapp().pending() ? Channel.WHATSAPP : consent.sms().pending() ? Channel.SMS : null;
    }

    /** The view every other stage gets on {@code consent-state}. */
    ConsentState toState(String change) {
        return new ConsentState(ConsentState.SCHEMA_VERSION, userId, version, status, maskedPhone, regionCode, timeZone,
                new ConsentState.ChannelConsent(consent.whatsapp().granted(), consent.sms().granted()),
                preferredChannel, change, updatedAt, numberKey, confirmationChannel());
    }
}
