package io.sbme.consent.keyword;

import java.util.Locale;
import java.util.Set;

/**
 * What an inbound reply asks for: the STOP family withdraws consent for the channel it came on,
 * the START family gives it back, anything else is an ordinary message. Matching is on the whole
 * reply, trimmed and case-insensitive, so "please stop the offers" is not an opt-out.
 */
enum Keyword {
    STOP, START, NONE;

    private static final Set<String> STOP_WORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "YES");

    static Keyword of(String text) {
        if (text == null) {
            return NONE;
        }
        String word = text.strip().toUpperCase(Locale.ROOT);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        return START_WORDS.contains(word) ? START : NONE;
    }
}
