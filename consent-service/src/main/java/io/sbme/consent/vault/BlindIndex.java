package io.sbme.consent.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keyed hashes (HMAC-SHA256) that let the service look a value up without storing it: an inbound
 * reply's number finds its users, and a deleted user's id finds its erase request; and the number
 * key that lets other services count per number without knowing it.
 *
 * <p>Each purpose has its own key derived from the master key, so the two indexes cannot be
 * correlated with each other and neither can be computed without the master key.
 */
public final class BlindIndex {

    private final byte[] phoneKey;
    private final byte[] userKey;
    private final byte[] numberKey;

    public BlindIndex(byte[] masterKey) {
        this.phoneKey = hmac(masterKey, "sbme-blind-index-phone-v1");
        this.userKey = hmac(masterKey, "sbme-blind-index-user-v1");
        this.numberKey = hmac(masterKey, "sbme-number-key-v1");
    }

    /** The index of a number in E.164 form. */
    public String ofPhone(String e164) {
        return HexFormat.of().formatHex(hmac(phoneKey, e164));
    }

    /**
     * The key other services know a number by (on {@code consent-state}, to count caps per number):
     * keyed with its own key, so it cannot be used to look anything up in the vault's index.
     */
    public String numberKey(String e164) {
        return HexFormat.of().formatHex(hmac(numberKey, e164)).substring(0, 32);
    }

    /** The index of a user id. */
    public String ofUser(String userId) {
        return HexFormat.of().formatHex(hmac(userKey, userId));
    }

    private static byte[] hmac(byte[] key, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(value.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
