package io.sbme.consent.profile;

import java.time.Instant;

/**
 * Consent for one channel with its proof: when it was given, to which consent text, from where;
 * and, once withdrawn, when and from where.
 *
 * @param source {@code storefront}, {@code admin}, {@code keyword:START}
 * @param revokedBy {@code storefront}, {@code admin}, {@code keyword:STOP}
 */
public record ChannelProof(boolean granted, Instant grantedAt, String textVersion, String source,
                           Instant revokedAt, String revokedBy) {

    static final ChannelProof NEVER = new ChannelProof(false, null, null, null, null, null);

    ChannelProof grant(Instant at, String textVersion, String source) {
        return new ChannelProof(true, at, textVersion, source, null, null);
    }

    ChannelProof revoke(Instant at, String by) {
        return granted ? new ChannelProof(false, grantedAt, textVersion, source, at, by) : this;
    }
}
