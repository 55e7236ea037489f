package io.sbme.decision.quiethours;

import static org.assertj.core.api.Assertions.assertThat;

import io.sbme.contracts.ConsentState;
import io.sbme.contracts.ConsentStatus;
import io.sbme.decision.DecisionProperties;
import io.sbme.decision.Fixtures;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** Quiet hours in India, California and Britain. */
class QuietHoursTest {

    private final DecisionProperties.QuietHours quiet = Fixtures.properties().quietHours();

    @Test
    void defersAtNightInIndiaToNineInTheMorningLocalTime() {
        Instant tenPmInIndia = Instant.parse("2026-11-24T16:30:00Z");

        var opening = QuietHours.deferUntil(tenPmInIndia, ZoneId.of("Asia/Kolkata"), quiet);

        assertThat(opening).contains(Instant.parse("2026-11-25T03:30:00Z"));
    }

    @Test
    void letsTheSameInstantThroughWhereItIsDaytime() {
        Instant elevenPmInIndia = Instant.parse("2026-11-24T17:30:00Z");

        assertThat(QuietHours.deferUntil(elevenPmInIndia, ZoneId.of("Asia/Kolkata"), quiet)).isPresent();
        assertThat(QuietHours.deferUntil(elevenPmInIndia, ZoneId.of("Europe/London"), quiet)).isEmpty();
        assertThat(QuietHours.deferUntil(elevenPmInIndia, ZoneId.of("America/Los_Angeles"), quiet)).isEmpty();
    }

    @Test
    void defersBeforeNineInTheMorningToTheSameDaysOpening() {
        Instant sevenAmInCalifornia = Instant.parse("2026-11-24T15:00:00Z");

        var opening = QuietHours.deferUntil(sevenAmInCalifornia, ZoneId.of("America/Los_Angeles"), quiet);

        assertThat(opening).contains(Instant.parse("2026-11-24T17:00:00Z"));
    }

    @Test
    void treatsTheWindowsEdgesAsQuietFromNineInTheEveningAndOpenFromNineInTheMorning() {
        ZoneId london = ZoneId.of("Europe/London");

        assertThat(QuietHours.deferUntil(Instant.parse("2026-11-24T21:00:00Z"), london, quiet)).isPresent();
        assertThat(QuietHours.deferUntil(Instant.parse("2026-11-24T20:59:59Z"), london, quiet)).isEmpty();
        assertThat(QuietHours.deferUntil(Instant.parse("2026-11-24T09:00:00Z"), london, quiet)).isEmpty();
    }

    @Test
    void takesTheZoneFromConsentThenFromTheRegionThenTheFallback() {
        var withZone = Fixtures.optedIn("u", true, true, null, "America/Los_Angeles");
        var regionOnly = new ConsentState(1, "u", 1, ConsentStatus.OPTED_IN, null, "GB", null, null, null, null, null);

        assertThat(QuietHours.zoneOf(withZone, "Asia/Kolkata")).isEqualTo(ZoneId.of("America/Los_Angeles"));
        assertThat(QuietHours.zoneOf(regionOnly, "Asia/Kolkata")).isEqualTo(ZoneId.of("Europe/London"));
        assertThat(QuietHours.zoneOf(null, "Asia/Kolkata")).isEqualTo(ZoneId.of("Asia/Kolkata"));
    }
}
