package io.sbme.consent.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class VaultCipherTest {

    private static final byte[] MASTER = key(7);
    private final VaultCipher cipher = new VaultCipher(MASTER);

    @Test
    void opensWhatItSealedForTheSameUser() {
        String sealed = cipher.seal("u-1", "+919876549721");

        assertThat(cipher.open("u-1", sealed)).isEqualTo("+919876549721");
    }

    @Test
    void sealedFormHoldsNoDigitsOfTheNumberInClearAndDiffersEveryTime() {
        String first = cipher.seal("u-1", "+919876549721");
        String second = cipher.seal("u-1", "+919876549721");

        assertThat(first).doesNotContain("9876549721").startsWith("v1.");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void anEntryCopiedToAnotherUserDoesNotOpen() {
        String sealed = cipher.seal("u-1", "+919876549721");

        assertThatThrownBy(() -> cipher.open("u-2", sealed)).isInstanceOf(VaultCipher.VaultException.class)
                .hasMessageNotContaining("9876549721");
    }

    @Test
    void aTamperedEntryDoesNotOpen() {
        String sealed = cipher.seal("u-1", "+919876549721");
        String[] parts = sealed.split("\\.");
        byte[] ciphertext = Base64.getUrlDecoder().decode(parts[4]);
        ciphertext[0] ^= 1;
        parts[4] = Base64.getUrlEncoder().withoutPadding().encodeToString(ciphertext);
        String tampered = String.join(".", parts);

        assertThatThrownBy(() -> cipher.open("u-1", tampered)).isInstanceOf(VaultCipher.VaultException.class);
    }

    @Test
    void anEntryDoesNotOpenUnderAnotherMasterKey() {
        String sealed = cipher.seal("u-1", "+919876549721");

        assertThatThrownBy(() -> new VaultCipher(key(8)).open("u-1", sealed))
                .isInstanceOf(VaultCipher.VaultException.class);
    }

    @Test
    void refusesMalformedEntriesAndShortMasterKeys() {
        assertThatThrownBy(() -> cipher.open("u-1", "v1.x.y")).isInstanceOf(VaultCipher.VaultException.class);
        assertThatThrownBy(() -> cipher.open("u-1", "v1.!!.!!.!!.!!")).isInstanceOf(VaultCipher.VaultException.class);
        assertThatThrownBy(() -> new VaultCipher(new byte[16])).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
