package io.sbme.tracking.messages;

import java.util.regex.Pattern;

/** Reads the code out of a tracking link ({@code <public base>/r/<code>}) and checks a code's shape. */
public final class LinkCodes {

    /** Codes are base62 (composer takes 12 characters of an HMAC); anything else is not ours. */
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9]{4,64}");

    private LinkCodes() {
    }

    /** The code of a tracking URL, or null when the URL is not a tracking link. */
    public static String codeOf(String trackingUrl) {
        if (trackingUrl == null) {
            return null;
        }
        int at = trackingUrl.lastIndexOf("/r/");
        if (at < 0) {
            return null;
        }
        String code = trackingUrl.substring(at + 3);
        int end = code.indexOf('?');
        code = end >= 0 ? code.substring(0, end) : code;
        return isCode(code) ? code : null;
    }

    public static boolean isCode(String code) {
        return code != null && CODE.matcher(code).matches();
    }
}
