package io.sbme.composer.render;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SmsEncodingTest {

    @Test
    void plainAsciiIsGsm7InOneSegmentUpTo160Characters() {
        SmsEncoding.Count count = SmsEncoding.count("a".repeat(160));

        assertThat(count).isEqualTo(new SmsEncoding.Count("GSM-7", 1, 160));
    }

    @Test
    void gsm7Beyond160CharactersSplitsInto153CharacterParts() {
        assertThat(SmsEncoding.count("a".repeat(161)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.count("a".repeat(306)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.count("a".repeat(307)).segments()).isEqualTo(3);
    }

    @Test
    void extensionCharactersCountDouble() {
        SmsEncoding.Count count = SmsEncoding.count("{}[]~|^\\€" + "a".repeat(142));

        assertThat(count.encoding()).isEqualTo("GSM-7");
        assertThat(count.units()).isEqualTo(18 + 142);
        assertThat(count.segments()).isEqualTo(1);
        assertThat(SmsEncoding.count("€" + "a".repeat(159)).segments()).isEqualTo(2);
    }

    @Test
    void anEscapePairIsNeverSplitAcrossParts() {
        // 152 septets, then '€' (2): it cannot start in the last free septet of part one.
        SmsEncoding.Count count = SmsEncoding.count("a".repeat(152) + "€" + "b".repeat(152));

        assertThat(count.units()).isEqualTo(306);
        assertThat(count.segments()).isEqualTo(3);
    }

    @Test
    void gsmAccentedLettersStayGsm7() {
        assertThat(SmsEncoding.count("Ça coûte 5€ à Zürich").encoding()).isEqualTo("UCS-2");
        assertThat(SmsEncoding.count("Ça coute 5€ à Zürich, é è ù ñ").encoding()).isEqualTo("GSM-7");
    }

    @Test
    void rupeeSignForcesUcs2With70And67UnitSegments() {
        SmsEncoding.Count count = SmsEncoding.count("Now ₹2,499" + "a".repeat(60));

        assertThat(count).isEqualTo(new SmsEncoding.Count("UCS-2", 1, 70));
        assertThat(SmsEncoding.count("₹" + "a".repeat(70)).segments()).isEqualTo(2);
        assertThat(SmsEncoding.count("₹" + "a".repeat(134)).segments()).isEqualTo(3);
    }

    @Test
    void emojiTakesTwoUtf16UnitsAndIsNeverSplit() {
        SmsEncoding.Count single = SmsEncoding.count("🛒" + "a".repeat(68));
        SmsEncoding.Count split = SmsEncoding.count("a".repeat(66) + "🛒" + "a".repeat(66));

        assertThat(single).isEqualTo(new SmsEncoding.Count("UCS-2", 1, 70));
        assertThat(split.units()).isEqualTo(134);
        assertThat(split.segments()).isEqualTo(3);
    }

    @Test
    void emptyTextHasNoSegments() {
        assertThat(SmsEncoding.count("").segments()).isZero();
    }
}
