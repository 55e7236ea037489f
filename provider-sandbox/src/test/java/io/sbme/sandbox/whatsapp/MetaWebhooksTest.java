package io.sbme.sandbox.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class MetaWebhooksTest {

    /** Meta's documented example id, for a message to +1 650 507 6520. */
    static final String META_EXAMPLE = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

    @Test
    void mintedIdsAreLaidOutLikeMetasExampleForTheSameNumber() {
        String minted = MetaWebhooks.newWamid("+16505076520");

        // Up to the random part the bytes are Meta's; the base64 characters up to there are too.
        assertThat(minted).hasSameSizeAs(META_EXAMPLE)
                .startsWith(META_EXAMPLE.substring(0, "wamid.HBgLMTY1MDUwNzY1MjAVAgARGB".length()))
                .isNotEqualTo(META_EXAMPLE);
        byte[] bytes = decode(minted);
        assertThat(bytes[bytes.length - 1]).isZero();
        assertThat(new String(bytes, 20, 18, StandardCharsets.US_ASCII)).matches("[0-9A-F]{18}");
    }

    @Test
    void theRecipientsNumberIsInsideTheIdAsItIsInMetas() {
        String minted = MetaWebhooks.newWamid("+919876549721");

        assertThat(minted).startsWith("wamid.").doesNotContain("919876549721");
        assertThat(new String(decode(minted), StandardCharsets.US_ASCII)).contains("919876549721");
        assertThat(new String(decode(META_EXAMPLE), StandardCharsets.US_ASCII)).contains("16505076520");
    }

    @Test
    void everyIdIsNew() {
        assertThat(MetaWebhooks.newWamid("+919876549721")).isNotEqualTo(MetaWebhooks.newWamid("+919876549721"));
    }

    private static byte[] decode(String wamid) {
        return Base64.getDecoder().decode(wamid.substring("wamid.".length()));
    }
}
