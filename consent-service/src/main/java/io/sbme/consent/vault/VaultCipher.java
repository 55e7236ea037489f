package io.sbme.consent.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Envelope encryption of the contact vault: each number is sealed with AES-256-GCM under a fresh
 * per-user data key, and that key is itself sealed (AES-GCM key wrap) under the master key.
 *
 * <p>Both layers bind the user id as associated data, so a sealed entry copied to another user's
 * key does not open. Deleting the sealed entry destroys the only copy of the data key: that is the
 * crypto-shredding a deletion relies on.
 *
 * <p>Sealed form: {@code v1.<wrap iv>.<wrapped key>.<iv>.<ciphertext>}, each part base64url.
 */
public final class VaultCipher {

    private static final String FORMAT = "v1";
    private static final int KEY_BYTES = 32;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKey masterKey;
    private final SecureRandom random = new SecureRandom();

    public VaultCipher(byte[] masterKey) {
        if (masterKey == null || masterKey.length != KEY_BYTES) {
            throw new IllegalArgumentException("the vault master key must be 32 bytes (AES-256)");
        }
        this.masterKey = new SecretKeySpec(masterKey.clone(), "AES");
    }

    /** Seals a number for one user under a new data key. */
    public String seal(String userId, String number) {
        byte[] dataKey = new byte[KEY_BYTES];
        random.nextBytes(dataKey);
        try {
            byte[] wrapIv = iv();
            byte[] wrapped = gcm(Cipher.ENCRYPT_MODE, masterKey, wrapIv, aad("key", userId), dataKey);
            byte[] iv = iv();
            byte[] sealed = gcm(Cipher.ENCRYPT_MODE, new SecretKeySpec(dataKey, "AES"), iv, aad("number", userId),
                    number.getBytes(StandardCharsets.UTF_8));
            return String.join(".", FORMAT, ENCODER.encodeToString(wrapIv), ENCODER.encodeToString(wrapped),
                    ENCODER.encodeToString(iv), ENCODER.encodeToString(sealed));
        } finally {
            Arrays.fill(dataKey, (byte) 0);
        }
    }

    /**
     * Opens a sealed number.
     *
     * @throws VaultException when the entry is malformed, tampered with, or belongs to another user
     */
    public String open(String userId, String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", -1);
        if (parts.length != 5 || !FORMAT.equals(parts[0])) {
            throw new VaultException("unreadable vault entry");
        }
        byte[] dataKey = null;
        try {
            dataKey = gcm(Cipher.DECRYPT_MODE, masterKey, DECODER.decode(parts[1]), aad("key", userId),
                    DECODER.decode(parts[2]));
            byte[] number = gcm(Cipher.DECRYPT_MODE, new SecretKeySpec(dataKey, "AES"), DECODER.decode(parts[3]),
                    aad("number", userId), DECODER.decode(parts[4]));
            return new String(number, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new VaultException("unreadable vault entry");
        } finally {
            if (dataKey != null) {
                Arrays.fill(dataKey, (byte) 0);
            }
        }
    }

    private byte[] iv() {
        byte[] iv = new byte[IV_BYTES];
        random.nextBytes(iv);
        return iv;
    }

    private static byte[] aad(String layer, String userId) {
        return ("sbme-vault-v1|" + layer + "|" + userId).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] gcm(int mode, SecretKey key, byte[] iv, byte[] aad, byte[] input) {
        if (iv.length != IV_BYTES) {
            throw new VaultException("unreadable vault entry");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(aad);
            return cipher.doFinal(input);
        } catch (javax.crypto.AEADBadTagException e) {
            throw new VaultException("vault entry failed authentication (tampered, or sealed under another key or user)");
        } catch (GeneralSecurityException e) {
            throw new VaultException("vault cipher failed: " + e.getClass().getSimpleName());
        }
    }

    /** A vault entry could not be opened. Never carries the entry or the number. */
    public static class VaultException extends RuntimeException {
        VaultException(String message) {
            super(message);
        }
    }
}
