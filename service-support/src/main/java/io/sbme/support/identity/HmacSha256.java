package io.sbme.support.identity;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 under one key, safe to share between threads.
 *
 * <p>The gateway signs or checks a cookie and a token on every request, and every service checks
 * the token. {@code Mac.getInstance} (a provider look-up) and {@code init} (the key schedule) cost
 * more than hashing the few bytes involved, so they are done once here and each call works on a
 * clone of the keyed prototype ({@code Mac} itself is not thread-safe).
 */
public final class HmacSha256 {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    private final Mac prototype;
    private final boolean cloneable;

    public HmacSha256(byte[] key) {
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.prototype = keyed(this.key);
        this.cloneable = canClone(prototype);
    }

    public byte[] of(byte[] data) {
        return mac().doFinal(data);
    }

    private Mac mac() {
        if (cloneable) {
            try {
                return (Mac) prototype.clone();
            } catch (CloneNotSupportedException e) {
                // checked at construction; a provider cannot change its mind
            }
        }
        return keyed(key);
    }

    private static Mac keyed(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " unavailable", e);
        }
    }

    private static boolean canClone(Mac mac) {
        try {
            mac.clone();
            return true;
        } catch (CloneNotSupportedException e) {
            return false;
        }
    }
}
