package io.sbme.tracking.inbound;

import java.util.Locale;
import java.util.Set;

/**
 * The opt-out and opt-in words carriers and Twilio honour (STOP, UNSUBSCRIBE, … / START, UNSTOP, YES).
 * consent-service decides what they do; tracking only needs to know not to treat them as a support
 * question.
 */
final class Keywords {

    private static final Set<String> OPT_OUT = Set.of("STOP", "STOPALL", "STOP ALL", "UNSUBSCRIBE", "CANCEL", "END",
            "QUIT", "REVOKE", "OPTOUT", "OPT OUT", "OPT-OUT");
    private static final Set<String> OPT_IN = Set.of("START", "UNSTOP", "YES", "SUBSCRIBE");

    private Keywords() {
    }

    static boolean isKeyword(String text) {
        String word = normalise(text);
        return OPT_OUT.contains(word) || OPT_IN.contains(word);
    }

    /** The keyword as written, upper-cased, for the opt-out record. */
    static String normalise(String text) {
        return text == null ? "" : text.trim().replaceAll("[.!]+$", "").replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    }
}
