package io.sbme.consent.profile;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sbme.contracts.Channel;
import io.sbme.contracts.ConsentStatus;
import java.util.Optional;

/**
 * A user's profile as the storefront shows it ({@code GET /api/v1/me}). Null members are written,
 * because the storefront tells "no number" from "not loaded" by them. {@code status} is
 * {@code anonymous}, {@code pending} (the number's owner has not replied YES yet), {@code opted_in}
 * or {@code revoked}; {@code confirmationChannel} is where the confirmation went while pending.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ProfileView(String userId, String maskedPhone, Flags consent, String preferredChannel, String status,
                          String confirmationChannel) {

    /** Consent per channel, without the proof. */
    public record Flags(boolean whatsapp, boolean sms) {
    }

    /** The view of a stored profile, or of an anonymous user (never opted in: nothing stored). */
    public static ProfileView of(String userId, Optional<Profile> profile) {
        if (profile.isEmpty()) {
            return new ProfileView(userId, null, new Flags(false, false), null, "anonymous", null);
        }
        Profile p = profile.get();
        return new ProfileView(userId, p.maskedPhone(),
                new Flags(p.granted(Channel.WHATSAPP), p.granted(Channel.SMS)),
                p.preferredChannel() == null ? null : p.preferredChannel().wireName(),
                wireStatus(p.status()), p.confirmationChannel() == null ? null : p.confirmationChannel().wireName());
    }

    /** A stored profile's status as the APIs write it: {@code opted_in}, {@code pending} or {@code revoked}. */
    public static String wireStatus(ConsentStatus status) {
        return switch (status) {
            case OPTED_IN -> "opted_in";
            case PENDING -> "pending";
            default -> "revoked";
        };
    }
}
