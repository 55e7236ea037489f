package io.sbme.dashboard;

import io.sbme.support.privacy.Sha256;

/**
 * SHA-256 of a user id, hex: names per-user markers without storing the id. User ids carry 128
 * random bits, so the digest cannot be turned back into the id.
 */
public final class UserDigest {

    private UserDigest() {
    }

    public static String of(String userId) {
        return Sha256.hex(userId);
    }
}
