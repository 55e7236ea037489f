package io.sbme.contracts;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message rendered for every channel in its plan, ready for the dispatcher.
 *
 * <p>The WhatsApp payloads are Cloud API request bodies without the {@code to} field: the number
 * is added by the dispatcher at send time, after the vault resolves it.
 */
public record MessageComposed(
        int schemaVersion,
        String messageId,
        String decisionId,
        String userId,
        Flow flow,
        String variant,
        String experimentArm,
        String templateId,
        int templateVersion,
        List<Channel> channelPlan,
        WhatsApp whatsapp,
        Sms sms,
        Instagram instagram,
        String trackingUrl,
        String destinationUrl,
        Product product,
        Integer discountPercent,
        boolean marketing,
        long deliveryTtlSeconds,
        Instant composedAt) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The WhatsApp renditions.
     *
     * @param template a Cloud API {@code type: template} body, for marketing outside the 24-hour window
     * @param interactive a Cloud API {@code type: interactive} {@code cta_url} body, inside the window
     * @param card what the card looks like, for previews
     */
    public record WhatsApp(Map<String, Object> template, Map<String, Object> interactive, Card card) {
    }

    /** The rich card as a person sees it. */
    public record Card(String imageUrl, String header, String body, String footer, String ctaLabel, String ctaUrl) {
    }

    /** The SMS text with its encoding ({@code GSM-7} or {@code UCS-2}) and segment count. */
    public record Sms(String text, String encoding, int segments, int characters) {
    }

    /** An Instagram direct-message preview; never sent. */
    public record Instagram(String text, String imageUrl, String ctaLabel, String ctaUrl) {
    }
}
