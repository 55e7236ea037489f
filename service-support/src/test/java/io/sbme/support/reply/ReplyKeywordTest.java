package io.sbme.support.reply;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyKeywordTest {

    @ParameterizedTest
    @ValueSource(strings = {"YES", "yes", "Yes!", " yes. ", "Y", "y", "y e s", "YES!!!", "¡Yes!"})
    void yesIsMatchedWhateverItsCaseSpacingAndPunctuation(String reply) {
        assertThat(ReplyKeyword.of(reply)).isEqualTo(ReplyKeyword.YES);
        assertThat(ReplyKeyword.of(reply).optsIn()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", "Stop.", " STOP ", "stop all", "Opt-Out", "opt out", "unsubscribe!",
            "Cancel", "END", "quit"})
    void theStopFamilyIsMatchedTheSameWay(String reply) {
        assertThat(ReplyKeyword.of(reply)).isEqualTo(ReplyKeyword.STOP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", "Unstop", "subscribe."})
    void theStartFamilyGivesConsentBack(String reply) {
        assertThat(ReplyKeyword.of(reply)).isEqualTo(ReplyKeyword.START);
        assertThat(ReplyKeyword.of(reply).optsIn()).isTrue();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"please stop the offers", "yes please", "yesterday", "is my order here?", "Ya", "N", "no"})
    void anythingElseIsAnOrdinaryMessage(String reply) {
        assertThat(ReplyKeyword.of(reply)).isEqualTo(ReplyKeyword.NONE);
        assertThat(ReplyKeyword.of(reply).isKeyword()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Stop!", "stop.", " STOP "})
    void theNormalisedFormNamesTheKeyword(String reply) {
        assertThat(ReplyKeyword.normalise(reply)).isEqualTo("STOP");
    }
}
