package io.sbme.consent.vault;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class BlindIndexTest {

    @Test
    void isStableForOneMasterKeyAndHidesTheValue() {
        BlindIndex index = new BlindIndex(key(1));

        assertThat(index.ofPhone("+919876549721")).isEqualTo(new BlindIndex(key(1)).ofPhone("+919876549721"))
                .hasSize(64).doesNotContain("9876549721");
    }

    @Test
    void differsPerMasterKeyAndPerPurpose() {
        BlindIndex index = new BlindIndex(key(1));

        assertThat(index.ofPhone("+919876549721")).isNotEqualTo(new BlindIndex(key(2)).ofPhone("+919876549721"));
        assertThat(index.ofPhone("u-1")).isNotEqualTo(index.ofUser("u-1"));
    }

    private static byte[] key(int fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }
}
