package io.sbme.consent.phone;

/**
 * Masks a number for display: {@code +<country code> }, one bullet per hidden digit, the last four
 * digits ({@code +91 ••••••9721}). Numbers of fewer than seven national digits (a few small
 * territories) show fewer, so that at least three digits always stay hidden.
 */
public final class PhoneMask {

    static final char BULLET = '•';
    private static final int SHOWN = 4;
    private static final int ALWAYS_HIDDEN = 3;

    private PhoneMask() {
    }

    /**
     * @param countryCode e.g. {@code 91}
     * @param nationalNumber the national significant number, digits only, e.g. {@code 9876549721}
     */
    public static String mask(int countryCode, String nationalNumber) {
        if (countryCode <= 0 || nationalNumber == null || !nationalNumber.chars().allMatch(Character::isDigit)) {
            throw new IllegalArgumentException("country code must be positive and the national number digits only");
        }
        int shown = Math.clamp(nationalNumber.length() - ALWAYS_HIDDEN, 0, SHOWN);
        int hidden = nationalNumber.length() - shown;
        return "+" + countryCode + " " + String.valueOf(BULLET).repeat(hidden) + nationalNumber.substring(hidden);
    }

    /** The last (up to four) digits a masked number shows, e.g. {@code 9721}; empty when none. */
    public static String lastDigits(String masked) {
        if (masked == null) {
            return "";
        }
        int end = masked.length();
        int start = end;
        while (start > 0 && Character.isDigit(masked.charAt(start - 1))) {
            start--;
        }
        return masked.substring(start, end);
    }
}
