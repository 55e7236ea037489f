package io.sbme.composer.render;

/**
 * Counts how an SMS text travels: GSM-7 when every character is in the GSM 03.38 basic set or its
 * extension table, UCS-2 otherwise, and how many segments that takes.
 *
 * <p>Why these numbers: a single GSM-7 SMS holds 160 septets and a concatenated part 153 (7 go to
 * the user data header); UCS-2 holds 70 UTF-16 units, 67 per part. Extension characters
 * ({@code ^ { } \ [ ~ ] | €} and form feed) take an escape septet plus their own, so they count 2.
 * Characters outside the Basic Multilingual Plane (emoji) take two UTF-16 units. A part never
 * splits an escape pair or a surrogate pair, as carriers and Twilio do.
 */
public final class SmsEncoding {

    public static final String GSM_7 = "GSM-7";
    public static final String UCS_2 = "UCS-2";

    private static final String BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
            + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private static final String EXTENSION = "^{}\\[~]|€\f";

    private SmsEncoding() {
    }

    /** The encoding, segment count and length in encoding units of a text. */
    public record Count(String encoding, int segments, int units) {
    }

    public static Count count(String text) {
        String value = text == null ? "" : text;
        boolean gsm = value.chars().allMatch(c -> BASIC.indexOf(c) >= 0 || EXTENSION.indexOf(c) >= 0);
        int[] costs = gsm
                ? value.chars().map(c -> EXTENSION.indexOf(c) >= 0 ? 2 : 1).toArray()
                : value.codePoints().map(Character::charCount).toArray();
        int units = java.util.Arrays.stream(costs).sum();
        int single = gsm ? 160 : 70;
        int part = gsm ? 153 : 67;
        if (units <= single) {
            return new Count(gsm ? GSM_7 : UCS_2, units == 0 ? 0 : 1, units);
        }
        int segments = 1;
        int filled = 0;
        for (int cost : costs) {
            if (filled + cost > part) {
                segments++;
                filled = 0;
            }
            filled += cost;
        }
        return new Count(gsm ? GSM_7 : UCS_2, segments, units);
    }
}
