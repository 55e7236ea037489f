package io.sbme.consent.profile;

import java.time.Instant;

/**
 * Consent for one channel with its proof: when it was asked for on the storefront, to which consent
 * text, from where; when the number's owner confirmed it (it is granted from then on); and, once
 * withdrawn, when and from where.
 *
 * @param grantedAt when consent took effect: the owner's confirmation, or a keyword or admin grant
 * @param source {@code storefront}, {@code admin}, {@code keyword:START}, {@code keyword:YES}
 * @param revokedBy {@code storefront}, {@code admin}, {@code keyword:STOP}, {@code number_changed}
 * @param pending asked for, waiting for the number's owner to reply YES; nothing is sent on it but the confirmation
 * @param requestedAt when the consent was asked for (the storefront's opt-in), before its confirmation
 */
public record ChannelProof(boolean granted, Instant grantedAt, String textVersion, String source,
                           Instant revokedAt, String revokedBy, boolean pending, Instant requestedAt) {

    static final ChannelProof NEVER = new ChannelProof(false, null, null, null, null, null, false, null);

    ChannelProof grant(Instant at, String textVersion, String source) {
        return new ChannelProof(true, at, textVersion, source, null, null, false, requestedAt == null ? at : requestedAt);
    }

    /** Asked for on the storefront with a number not yet confirmed: pending until the owner replies YES. */
    ChannelProof request(Instant at, String textVersion, String source) {
        return new ChannelProof(false, null, textVersion, source, revokedAt, revokedBy, true, at);
    }

    /** The owner confirmed: a pending request takes effect. */
    ChannelProof confirm(Instant at) {
        return pending ? new ChannelProof(true, at, textVersion, source, null, null, false, requestedAt) : this;
    }

    ChannelProof revoke(Instant at, String by) {
        return granted || pending
                ? new ChannelProof(false, grantedAt, textVersion, source, at, by, false, requestedAt) : this;
    }
}
