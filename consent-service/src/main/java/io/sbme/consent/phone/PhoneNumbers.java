package io.sbme.consent.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberToTimeZonesMapper;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Parses and validates phone numbers with libphonenumber: E.164 or a national format read in a
 * default region; only numbers that can receive WhatsApp or SMS are accepted.
 *
 * <p>Refusals name the problem but never echo the number, because the message ends up in an API
 * response and possibly a log.
 *
 * <p>A store messages only the countries it allows: a number from anywhere else is refused before
 * any message could go to it (carrier rules, registration such as India's DLT, and the cost of
 * SMS-pumping fraud differ per country, so each one is a decision of the store's).
 */
public final class PhoneNumbers {

    /** Generous for any written form of a number ({@code +44 (0) 20 7946 0958 ext. 12} is 31). */
    public static final int MAX_LENGTH = 32;

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final String UNKNOWN_ZONE = "Etc/Unknown";

    private final String defaultRegion;
    private final Set<String> allowedRegions;

    /** Numbers of every country, national forms read in {@code defaultRegion}. */
    public PhoneNumbers(String defaultRegion) {
        this(defaultRegion, UTIL.getSupportedRegions());
    }

    /** Numbers of the allowed countries only (ISO 3166 alpha-2), national forms read in {@code defaultRegion}. */
    public PhoneNumbers(String defaultRegion, Collection<String> allowedRegions) {
        this.defaultRegion = region(defaultRegion);
        this.allowedRegions = allowedRegions.stream().map(PhoneNumbers::region).collect(Collectors.toUnmodifiableSet());
        if (this.allowedRegions.isEmpty()) {
            throw new IllegalArgumentException("at least one allowed region is needed");
        }
    }

    private static String region(String code) {
        String region = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        if (!UTIL.getSupportedRegions().contains(region)) {
            throw new IllegalArgumentException("unsupported region: " + code);
        }
        return region;
    }

    /**
     * Validates a number as typed by a shopper or an admin.
     *
     * @throws InvalidPhoneException naming what is wrong
     */
    public ValidPhone parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidPhoneException("phone is required.");
        }
        if (raw.length() > MAX_LENGTH) {
            throw new InvalidPhoneException("phone is too long (at most " + MAX_LENGTH + " characters).");
        }
        PhoneNumber number;
        try {
            number = UTIL.parse(raw.trim(), defaultRegion);
        } catch (NumberParseException e) {
            throw new InvalidPhoneException(describe(e.getErrorType()));
        }
        if (!UTIL.isValidNumber(number)) {
            throw new InvalidPhoneException("phone is not a valid number"
                    + regionName(UTIL.getRegionCodeForNumber(number)) + "; check the digits and the country code.");
        }
        PhoneNumberType type = UTIL.getNumberType(number);
        if (type != PhoneNumberType.MOBILE && type != PhoneNumberType.FIXED_LINE_OR_MOBILE) {
            throw new InvalidPhoneException("phone is a " + typeName(type)
                    + " number, which cannot receive WhatsApp or SMS messages; use a mobile number.");
        }
        String region = UTIL.getRegionCodeForNumber(number);
        if (!allowedRegions.contains(region)) {
            throw new InvalidPhoneException("phone is a number from " + countryName(region)
                    + "; this store sends messages only to numbers from " + allowedCountries() + ".");
        }
        return describe(number);
    }

    /**
     * Reads the sender of an inbound reply: E.164, a national number, WhatsApp's {@code wa_id}
     * (country code and number without {@code +}) or Twilio's {@code whatsapp:+...} form.
     */
    public Optional<String> normalizeSender(String raw) {
        if (raw == null || raw.isBlank() || raw.length() > MAX_LENGTH + 9) {
            return Optional.empty();
        }
        String value = raw.trim();
        if (value.regionMatches(true, 0, "whatsapp:", 0, 9)) {
            value = value.substring(9).trim();
        }
        Optional<String> asGiven = e164(value);
        if (asGiven.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            return e164("+" + value);
        }
        return asGiven;
    }

    private Optional<String> e164(String value) {
        try {
            PhoneNumber number = UTIL.parse(value, defaultRegion);
            return UTIL.isValidNumber(number)
                    ? Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }

    private static ValidPhone describe(PhoneNumber number) {
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        String masked = PhoneMask.mask(number.getCountryCode(), UTIL.getNationalSignificantNumber(number));
        List<String> zones = PhoneNumberToTimeZonesMapper.getInstance().getTimeZonesForNumber(number);
        String zone = zones.isEmpty() || PhoneNumberToTimeZonesMapper.getUnknownTimeZone().equals(zones.getFirst())
                ? UNKNOWN_ZONE : zones.getFirst();
        return new ValidPhone(e164, masked, UTIL.getRegionCodeForNumber(number), zone);
    }

    private static String describe(NumberParseException.ErrorType type) {
        return switch (type) {
            case INVALID_COUNTRY_CODE -> "phone has no known country code; write it in international form, e.g. +91 98765 43210.";
            case NOT_A_NUMBER -> "phone is not a phone number.";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "phone is too short.";
            case TOO_LONG -> "phone is too long.";
        };
    }

    private static String countryName(String region) {
        String name = Locale.of("", region).getDisplayCountry(Locale.ENGLISH);
        return name.isBlank() ? region : name;
    }

    private String allowedCountries() {
        return allowedRegions.stream().map(PhoneNumbers::countryName).sorted().collect(Collectors.joining(", "));
    }

    private static String regionName(String region) {
        return region == null || region.equals("ZZ") ? "" : " for " + region;
    }

    private static String typeName(PhoneNumberType type) {
        return switch (type) {
            case FIXED_LINE -> "fixed-line";
            case TOLL_FREE -> "toll-free";
            case PREMIUM_RATE -> "premium-rate";
            case SHARED_COST -> "shared-cost";
            case VOIP -> "VoIP";
            case PERSONAL_NUMBER -> "personal (forwarding)";
            case PAGER -> "pager";
            case UAN -> "universal access";
            case VOICEMAIL -> "voicemail";
            default -> "non-mobile";
        };
    }

    /** A number was refused; the message says why, without repeating the number. */
    public static class InvalidPhoneException extends RuntimeException {
        InvalidPhoneException(String message) {
            super(message);
        }
    }
}
