package io.sbme.consent.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.sbme.consent.profile.ChannelProof;
import io.sbme.consent.profile.Profile;
import io.sbme.contracts.Channel;
import io.sbme.consent.profile.ProfileView;
import java.time.Instant;

/**
 * A user as the admin panel shows it: masked number, consent per channel and its proof (with the
 * owner's confirmation of the number); or, for a
 * deleted user, only that it was deleted and by which erase request.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AdminUserView(String userId, String status, String maskedPhone, String regionCode, String timeZone,
                     Flags consent, String preferredChannel, Proof proof, Long version, Instant updatedAt,
                     String requestId, Profile.Confirmation confirmation) {

    /** Consent per channel. */
    record Flags(boolean whatsapp, boolean sms) {
    }

    /** Consent proof per channel. */
    record Proof(ChannelProof whatsapp, ChannelProof sms) {
    }

    static AdminUserView of(Profile p) {
        return new AdminUserView(p.userId(), ProfileView.wireStatus(p.status()),
                p.maskedPhone(), p.regionCode(), p.timeZone(),
                new Flags(p.granted(Channel.WHATSAPP), p.granted(Channel.SMS)),
                p.preferredChannel() == null ? null : p.preferredChannel().wireName(),
                new Proof(p.consent().whatsapp(), p.consent().sms()), p.version(), p.updatedAt(), null,
                p.confirmation());
    }

    /** A row of the search result: the same without the proof. */
    AdminUserView summary() {
        return new AdminUserView(userId, status, maskedPhone, null, null, consent, preferredChannel, null, null,
                updatedAt, requestId, null);
    }

    static AdminUserView deleted(String userId, String requestId) {
        return new AdminUserView(userId, "deleted", null, null, null, null, null, null, null, null, requestId, null);
    }
}
