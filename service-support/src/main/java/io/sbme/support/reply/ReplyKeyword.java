package io.sbme.support.reply;

import java.util.Locale;
import java.util.Set;

/**
 * What a customer's reply to one of our numbers asks for, decided on the whole reply with case,
 * spacing and punctuation ignored ("Stop.", "opt-out", "Yes!", "y"): the STOP family withdraws
 * consent for the channel it came on, the START family gives it back, YES confirms a number waiting
 * for its owner (and, once confirmed, acts like START); anything else is an ordinary message, so
 * "please stop the offers" is not an opt-out. Pure.
 */
public enum ReplyKeyword {
    STOP, START, YES, NONE;

    private static final Set<String> STOP_WORDS =
            Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "REVOKE", "OPTOUT");
    private static final Set<String> START_WORDS = Set.of("START", "UNSTOP", "SUBSCRIBE");
    private static final Set<String> YES_WORDS = Set.of("YES", "Y");

    /** The keyword a reply is, or {@link #NONE}. */
    public static ReplyKeyword of(String text) {
        String word = normalise(text);
        if (STOP_WORDS.contains(word)) {
            return STOP;
        }
        if (START_WORDS.contains(word)) {
            return START;
        }
        return YES_WORDS.contains(word) ? YES : NONE;
    }

    /**
     * The reply reduced to its letters and digits, upper-cased: the form keywords are compared in
     * (and the one an opt-out record names).
     */
    public static String normalise(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder word = new StringBuilder();
        text.codePoints().filter(Character::isLetterOrDigit).forEach(word::appendCodePoint);
        return word.toString().toUpperCase(Locale.ROOT);
    }

    public boolean isKeyword() {
        return this != NONE;
    }

    /** Whether the reply gives consent: a confirming YES or a START-family word. */
    public boolean optsIn() {
        return this == START || this == YES;
    }
}
