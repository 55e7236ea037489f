package io.sbme.support.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class NumberFormsTest {

    @Test
    void findsTheNumberInsideMetasDocumentedExampleId() {
        String example = "wamid.HBgLMTY1MDUwNzY1MjAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA";

        assertThat(example).doesNotContain("16505076520").containsAnyOf(NumberForms.of("+1 650-507-6520").toArray(String[]::new));
    }

    @Test
    void findsTheNumberAtEveryAlignmentInBase64AndBase64url() {
        String number = "+919876549721";
        for (String before : new String[] {"", "x", "xy", "xyz"}) {
            byte[] bytes = (before + "919876549721" + "tail").getBytes(StandardCharsets.US_ASCII);

            String plain = Base64.getEncoder().encodeToString(bytes);
            String url = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

            assertThat(plain).containsAnyOf(NumberForms.of(number).toArray(String[]::new));
            assertThat(url).containsAnyOf(NumberForms.of(number).toArray(String[]::new));
        }
    }

    @Test
    void doesNotFindAnotherNumber() {
        String other = Base64.getEncoder().encodeToString("919876549722".getBytes(StandardCharsets.US_ASCII));

        assertThat(other).doesNotContain(NumberForms.of("+919876549721"));
    }

    @Test
    void metaShapedIdsCarryTheNumberLikeMetasOwn() {
        String wamid = MetaMessageIds.forNumber("+919876549721");

        byte[] decoded = Base64.getDecoder().decode(wamid.substring("wamid.".length()));

        assertThat(wamid).startsWith("wamid.HBgM").containsAnyOf(NumberForms.of("919876549721").toArray(String[]::new));
        assertThat(new String(decoded, StandardCharsets.US_ASCII)).contains("919876549721");
        assertThat(decoded).startsWith(0x1C, 0x18, 12).endsWith(0x00);
    }

    @Test
    void refusesTooShortANumber() {
        assertThatThrownBy(() -> NumberForms.of("12345")).isInstanceOf(IllegalArgumentException.class);
    }
}
