package io.sbme.consent.phone;

/** Masks a number for display: {@code +<country code> }, one bullet per hidden digit, the last four digits. */
public final class PhoneMask {

    static final char BULLET = '•';
    private static final int SHOWN = 4;

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
        int hidden = Math.max(0, nationalNumber.length() - SHOWN);
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
