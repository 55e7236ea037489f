package io.sbme.consent.phone;

/**
 * A phone number that passed validation: its E.164 form (personal data, for the vault only) and
 * what may be shown or shared about it.
 *
 * @param e164 the full number, e.g. {@code +919876549721}; only ever handed to the vault
 * @param masked {@code +91 ••••••9721}
 * @param regionCode ISO 3166 alpha-2 region of the number, e.g. {@code IN}
 * @param timeZone the first time zone libphonenumber maps the number to, e.g. {@code Asia/Calcutta}
 */
public record ValidPhone(String e164, String masked, String regionCode, String timeZone) {

    /** Never prints the full number, so an accidental log line cannot leak it. */
    @Override
    public String toString() {
        return "ValidPhone[" + masked + ", " + regionCode + "]";
    }
}
