package io.sbme.composer.template;

import io.sbme.contracts.Flow;
import java.time.Instant;
import java.util.Map;

/**
 * A message template for one flow and variant: the WhatsApp rich card, the SMS text and the
 * Instagram preview, with the defaults that stand in for missing placeholder values.
 *
 * @param version increases on every save; a composed message records the version it used
 * @param defaults placeholder name (without braces) → the text used when a value is missing
 */
public record Template(
        String id,
        Flow flow,
        String variant,
        String locale,
        int version,
        WhatsAppPart whatsapp,
        String sms,
        String instagram,
        Map<String, String> defaults,
        String updatedBy,
        Instant updatedAt) {

    public Template {
        defaults = defaults == null ? Map.of() : Map.copyOf(defaults);
    }

    /** This template as saved again: the next version, by whom, when. */
    public Template nextVersion(int version, String by, Instant at) {
        return new Template(id, flow, variant, locale, version, whatsapp, sms, instagram, defaults, by, at);
    }

    /**
     * The WhatsApp part.
     *
     * @param templateName the name of the template approved by Meta (used outside the 24-hour window)
     * @param language the Meta language code, e.g. {@code en} or {@code en_US}
     * @param header the card's title line (previews)
     * @param image the header image, usually {@code {image}}
     * @param body the body text; its placeholders become the Meta template's body parameters in order
     */
    public record WhatsAppPart(String templateName, String language, String header, String image, String body,
                               String footer, String ctaLabel) {
    }
}
