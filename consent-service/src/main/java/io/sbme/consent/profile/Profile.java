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
 */
public record Profile(String userId, ConsentStatus status, String maskedPhone, String regionCode, String timeZone,
                      String phoneIndex, Consent consent, Channel preferredChannel, long version, Instant updatedAt) {

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
    }

    public boolean granted(Channel channel) {
        return consent.of(channel).granted();
    }

    /** Whether the vault still holds this user's number (it goes when every channel is revoked). */
    public boolean hasNumber() {
        return phoneIndex != null;
    }

    /** The view every other stage gets on {@code consent-state}. */
    ConsentState toState(String change) {
        return new ConsentState(ConsentState.SCHEMA_VERSION, userId, version, status, maskedPhone, regionCode, timeZone,
                new ConsentState.ChannelConsent(consent.whatsapp().granted(), consent.sms().granted()),
                preferredChannel, change, updatedAt);
    }
}
