package io.sbme.decision.quiethours;

import io.sbme.contracts.ConsentState;
import io.sbme.decision.DecisionProperties;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * Marketing is not sent in the recipient's night (default 21:00–09:00 local time); it is deferred
 * to the window's opening. The zone comes from consent-service (inferred from the phone number with
 * libphonenumber), else from the number's region, else the configured fallback.
 */
public final class QuietHours {

    // Used only when consent-state carries a region but no zone; one zone per region is an
    // approximation for multi-zone countries (US, CA, AU, BR, RU), where consent-service's own zone wins.
    private static final Map<String, String> REGION_ZONES = Map.ofEntries(
            Map.entry("IN", "Asia/Kolkata"), Map.entry("US", "America/New_York"), Map.entry("GB", "Europe/London"),
            Map.entry("DE", "Europe/Berlin"), Map.entry("FR", "Europe/Paris"), Map.entry("ES", "Europe/Madrid"),
            Map.entry("IT", "Europe/Rome"), Map.entry("NL", "Europe/Amsterdam"), Map.entry("BR", "America/Sao_Paulo"),
            Map.entry("CA", "America/Toronto"), Map.entry("AU", "Australia/Sydney"), Map.entry("AE", "Asia/Dubai"),
            Map.entry("SG", "Asia/Singapore"), Map.entry("JP", "Asia/Tokyo"), Map.entry("ID", "Asia/Jakarta"),
            Map.entry("MX", "America/Mexico_City"), Map.entry("ZA", "Africa/Johannesburg"), Map.entry("NG", "Africa/Lagos"));

    private QuietHours() {
    }

    /** The recipient's zone. */
    public static ZoneId zoneOf(ConsentState consent, String fallbackZone) {
        if (consent != null && consent.timeZone() != null) {
            try {
                return ZoneId.of(consent.timeZone());
            } catch (DateTimeException ignored) {
                // an unknown zone id from a newer producer: fall back to the region
            }
        }
        if (consent != null && consent.regionCode() != null && REGION_ZONES.containsKey(consent.regionCode())) {
            return ZoneId.of(REGION_ZONES.get(consent.regionCode()));
        }
        return ZoneId.of(fallbackZone);
    }

    /** When the message may go if {@code now} is inside the quiet window, else empty. */
    public static Optional<Instant> deferUntil(Instant now, ZoneId zone, DecisionProperties.QuietHours quiet) {
        ZonedDateTime local = now.atZone(zone);
        LocalTime time = local.toLocalTime();
        LocalTime start = quiet.start();
        LocalTime end = quiet.end();
        boolean wraps = start.isAfter(end);
        boolean inside = wraps ? !time.isBefore(start) || time.isBefore(end) : !time.isBefore(start) && time.isBefore(end);
        if (!inside) {
            return Optional.empty();
        }
        ZonedDateTime opening = local.with(end).withSecond(0).withNano(0);
        if (!opening.isAfter(local)) {
            opening = opening.plusDays(1);
        }
        return Optional.of(opening.toInstant());
    }
}
