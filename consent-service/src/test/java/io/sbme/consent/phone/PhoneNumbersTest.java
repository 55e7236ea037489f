package io.sbme.consent.phone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final PhoneNumbers numbers = new PhoneNumbers("IN");

    @ParameterizedTest(name = "{0} → {2}")
    @CsvSource(delimiter = '|', value = {
            "+91 98765 49721    | +919876549721 | +91 ••••••9721  | IN | Asia/Calcutta",
            "98765 49721        | +919876549721 | +91 ••••••9721  | IN | Asia/Calcutta",
            "098765-49721       | +919876549721 | +91 ••••••9721  | IN | Asia/Calcutta",
            "+1 (201) 555-0123  | +12015550123  | +1 ••••••0123   | US | America/New_York",
            "+44 7400 123456    | +447400123456 | +44 ••••••3456  | GB | Europe/Guernsey",
            "+49 1512 3456789   | +4915123456789| +49 •••••••6789 | DE | Europe/Berlin",
            "+55 11 91234-5678  | +5511912345678| +55 •••••••5678 | BR | America/Sao_Paulo",
    })
    void acceptsMobileNumbersFromSeveralCountriesAndMasksAllButTheLastFourDigits(String typed, String e164,
            String masked, String region, String zone) {
        ValidPhone phone = numbers.parse(typed);

        assertThat(phone.e164()).isEqualTo(e164);
        assertThat(phone.masked()).isEqualTo(masked);
        assertThat(phone.regionCode()).isEqualTo(region);
        assertThat(phone.timeZone()).isEqualTo(zone);
        assertThat(phone.toString()).doesNotContain(e164.substring(1));
    }

    @ParameterizedTest(name = "\"{0}\" refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "+44 20 7946 0958         | fixed-line",
            "+49 30 12345678          | fixed-line",
            "+91 11 2345 6789         | fixed-line",
            "+1 800 555 0199          | toll-free",
            "hello                    | not a phone number",
            "+999 1234567             | country code",
            "12                       | not a valid number",
            "+91 98765 4972           | not a valid number",
            "+91 98765 497211234567890| too long",
    })
    void refusesFixedLineAndGarbageNamingTheProblemWithoutEchoingTheNumber(String typed, String problem) {
        assertThatThrownBy(() -> numbers.parse(typed))
                .isInstanceOf(PhoneNumbers.InvalidPhoneException.class)
                .hasMessageContaining(problem)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(typed.strip()));
        String digits = typed.replaceAll("\\D", "");
        if (digits.length() >= 5) {
            assertThatThrownBy(() -> numbers.parse(typed))
                    .satisfies(e -> assertThat(e.getMessage().replaceAll("\\D", "")).doesNotContain(digits));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void refusesAMissingNumber(String typed) {
        assertThatThrownBy(() -> numbers.parse(typed)).hasMessage("phone is required.");
    }

    @Test
    void refusesANumberLongerThanTheBoundBeforeParsingIt() {
        assertThatThrownBy(() -> numbers.parse("+91 " + "9".repeat(40))).hasMessageContaining("at most 32");
    }

    @Test
    void refusesNumbersOfCountriesTheStoreDoesNotAllowNamingTheCountriesItDoes() {
        PhoneNumbers indiaOnly = new PhoneNumbers("IN", List.of("IN"));

        assertThat(indiaOnly.parse("+91 98765 49721").regionCode()).isEqualTo("IN");
        for (String foreign : List.of("+44 7400 123456", "+1 201 555 0123", "+372 5123 4567", "+234 802 123 4567")) {
            assertThatThrownBy(() -> indiaOnly.parse(foreign))
                    .isInstanceOf(PhoneNumbers.InvalidPhoneException.class)
                    .hasMessageEndingWith("this store sends messages only to numbers from India.")
                    .hasMessageNotContaining(foreign.replace(" ", "").substring(4));
        }
        assertThat(new PhoneNumbers("IN", List.of("in", "GB")).parse("+44 7400 123456").regionCode()).isEqualTo("GB");
    }

    @Test
    void readsNationalNumbersInTheConfiguredDefaultRegion() {
        PhoneNumbers british = new PhoneNumbers("GB");

        assertThat(british.parse("07400 123456").e164()).isEqualTo("+447400123456");
    }

    /**
     * Property: for the example mobile number of every region libphonenumber knows, and for many
     * numbers derived from them by changing digits, an accepted number masks to "+cc " + one bullet
     * per hidden digit + the last four digits, and the mask never contains the national number.
     */
    @Test
    void everyAcceptedNumberOfEveryRegionMasksToCountryCodeBulletsAndTheLastFourDigits() {
        Random random = new Random(20261124);
        List<PhoneNumber> candidates = new ArrayList<>();
        for (String region : UTIL.getSupportedRegions()) {
            PhoneNumber example = UTIL.getExampleNumberForType(region, PhoneNumberType.MOBILE);
            if (example == null) {
                continue;
            }
            candidates.add(example);
            String nsn = UTIL.getNationalSignificantNumber(example);
            for (int i = 0; i < 20; i++) {
                char[] digits = nsn.toCharArray();
                for (int d = Math.max(0, digits.length - 4); d < digits.length; d++) {
                    digits[d] = (char) ('0' + random.nextInt(10));
                }
                candidates.add(new PhoneNumber().setCountryCode(example.getCountryCode())
                        .setNationalNumber(Long.parseLong(new String(digits))));
            }
        }
        int accepted = 0;

        for (PhoneNumber candidate : candidates) {
            String e164 = UTIL.format(candidate, PhoneNumberUtil.PhoneNumberFormat.E164);
            ValidPhone phone;
            try {
                phone = numbers.parse(e164);
            } catch (PhoneNumbers.InvalidPhoneException refused) {
                continue;
            }
            accepted++;
            String nsn = UTIL.getNationalSignificantNumber(candidate);
            int shown = Math.clamp(nsn.length() - 3, 0, 4);
            assertThat(phone.e164()).isEqualTo(e164);
            assertThat(phone.masked()).isEqualTo("+" + candidate.getCountryCode() + " "
                    + "•".repeat(nsn.length() - shown) + nsn.substring(nsn.length() - shown));
            assertThat(phone.masked()).doesNotContain(nsn);
            if (nsn.length() >= 7) {
                assertThat(PhoneMask.lastDigits(phone.masked())).isEqualTo(nsn.substring(nsn.length() - 4));
            }
        }

        assertThat(accepted).isGreaterThan(2000);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "+919876549721          | +919876549721",
            "919876549721           | +919876549721",
            "whatsapp:+919876549721 | +919876549721",
            "98765 49721            | +919876549721",
            "14155550123            | +14155550123",
    })
    void normalizesTheSenderOfAnInboundReplyInEveryProviderForm(String from, String e164) {
        assertThat(numbers.normalizeSender(from)).contains(e164);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "+999", "whatsapp:"})
    void findsNoSenderInGarbage(String from) {
        assertThat(numbers.normalizeSender(from)).isEmpty();
    }
}
