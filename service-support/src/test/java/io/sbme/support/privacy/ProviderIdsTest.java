package io.sbme.support.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sbme.support.testing.MetaMessageIds;
import io.sbme.support.testing.NumberForms;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class ProviderIdsTest {

    /** Meta's documented example: base64 of a structure whose first field is the number 16505076520. */
    static final String META_EXAMPLE = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";
    static final String SECRET = "test-internal-secret-0123456789";

    @Test
    void theSameIdUnderTheSameKeyAlwaysGivesTheSameDigest() {
        ProviderIds dispatcher = ProviderIds.keyedBy(SECRET);
        ProviderIds tracking = ProviderIds.keyedBy(SECRET);

        assertThat(tracking.digest(META_EXAMPLE)).isEqualTo(dispatcher.digest(META_EXAMPLE));
    }

    @Test
    void anotherKeyGivesAnotherDigest() {
        String ours = ProviderIds.keyedBy(SECRET).digest(META_EXAMPLE);

        String theirs = ProviderIds.keyedBy(SECRET + "x").digest(META_EXAMPLE);

        assertThat(theirs).isNotEqualTo(ours);
    }

    @Test
    void theKeyIsDerivedFromTheSecretNotTheSecretItself() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] withRawSecret = Arrays.copyOf(mac.doFinal(META_EXAMPLE.getBytes(StandardCharsets.UTF_8)), 18);

        String digest = ProviderIds.keyedBy(SECRET).digest(META_EXAMPLE);

        assertThat(digest).isNotEqualTo("pm_" + Base64.getUrlEncoder().withoutPadding().encodeToString(withRawSecret));
    }

    @Test
    void aDigestIsAPrefixAnd144BitsOfBase64urlAndCarriesNothingOfTheNumber() {
        String digest = ProviderIds.keyedBy(SECRET).digest(META_EXAMPLE);

        assertThat(digest).matches("pm_[A-Za-z0-9_-]{24}");
        assertThat(Base64.getUrlDecoder().decode(digest.substring(3))).hasSize(18);
        assertThat(digest).doesNotContain(NumberForms.of("16505076520")).doesNotContain("HBgL");
        assertThat(new String(Base64.getUrlDecoder().decode(digest.substring(3)), StandardCharsets.ISO_8859_1))
                .doesNotContain("16505076520").doesNotContain("6505076520");
    }

    @Test
    void idsForOneNumberGetUnrelatedDigests() {
        ProviderIds ids = ProviderIds.keyedBy(SECRET);
        Set<String> digests = new HashSet<>();

        for (int i = 0; i < 1000; i++) {
            digests.add(ids.digest(MetaMessageIds.forNumber("+919876549721")));
        }

        assertThat(digests).hasSize(1000);
        assertThat(digests.stream().map(d -> d.substring(3, 9)).distinct()).hasSizeGreaterThan(990);
    }

    @Test
    void twilioSidsAreDigestedTheSameWay() {
        String digest = ProviderIds.keyedBy(SECRET).digest("SM0123456789abcdef0123456789abcdef");

        assertThat(digest).matches("pm_[A-Za-z0-9_-]{24}").doesNotContain("0123456789");
    }

    @Test
    void refusesAShortSecretAndABlankIdWithoutEchoingIt() {
        assertThatThrownBy(() -> ProviderIds.keyedBy("short")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProviderIds.keyedBy(null)).isInstanceOf(IllegalArgumentException.class);
        ProviderIds ids = ProviderIds.keyedBy(SECRET);
        assertThatThrownBy(() -> ids.digest(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ids.digest(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
