package io.sbme.consent.keyword;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class KeywordTest {

    @ParameterizedTest
    @ValueSource(strings = {"STOP", "stop", " Stop ", "STOPALL", "unsubscribe", "Cancel", "END", "quit", "REVOKE",
            "optout", "\tSTOP\n"})
    void recognisesTheStopFamilyTrimmedAndCaseInsensitive(String text) {
        assertThat(Keyword.of(text)).isEqualTo(Keyword.STOP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"START", "start", " Unstop ", "YES", "yes"})
    void recognisesTheStartFamily(String text) {
        assertThat(Keyword.of(text)).isEqualTo(Keyword.START);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"please stop", "STOP!", "stopp", "no", "hello", "S T O P", "opt out"})
    void treatsEverythingElseAsAnOrdinaryMessage(String text) {
        assertThat(Keyword.of(text)).isEqualTo(Keyword.NONE);
    }
}
