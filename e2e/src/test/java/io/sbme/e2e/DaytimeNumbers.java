package io.sbme.e2e;

import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * Mobile numbers of shoppers for whom it is daytime now. Why: marketing is held during the
 * recipient's quiet hours (21:00–09:00 local, inferred from the number), so a journey that expects
 * a message must pick a shopper who is awake, whatever time of day the tests run.
 */
final class DaytimeNumbers {

    private record Country(ZoneId zone, Supplier<String> number) {
    }

    // Local 09:30–20:00 in at least one of these at every hour of the UTC day.
    private static final List<Country> COUNTRIES = List.of(
            new Country(ZoneId.of("Asia/Kolkata"), () -> "+9198" + digits(8)),
            // Japan's 090 mobile numbers never continue with a 0.
            new Country(ZoneId.of("Asia/Tokyo"), () -> "+8190" + (1 + ThreadLocalRandom.current().nextInt(9)) + digits(7)),
            new Country(ZoneId.of("Europe/Berlin"), () -> "+49151" + digits(8)),
            new Country(ZoneId.of("America/Sao_Paulo"), () -> "+55119" + digits(8)),
            new Country(ZoneId.of("America/New_York"), () -> "+1201" + (2 + ThreadLocalRandom.current().nextInt(8))
                    + digits(6)));

    private DaytimeNumbers() {
    }

    /** A new random mobile number (E.164) in a country where the test has hours of daytime ahead. */
    static String next() {
        for (Country country : COUNTRIES) {
            LocalTime local = ZonedDateTime.now(country.zone()).toLocalTime();
            if (!local.isBefore(LocalTime.of(9, 30)) && local.isBefore(LocalTime.of(20, 0))) {
                return country.number().get();
            }
        }
        throw new IllegalStateException("no listed country is in daytime now; add one");
    }

    private static String digits(int count) {
        StringBuilder digits = new StringBuilder();
        for (int i = 0; i < count; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        return digits.toString();
    }
}
