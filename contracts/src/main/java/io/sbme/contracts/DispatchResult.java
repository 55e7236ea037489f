package io.sbme.contracts;

import java.time.Instant;

/**
 * One delivery attempt and what came of it.
 *
 * @param cause a stable code, e.g. {@code whatsapp_paused}, {@code not_on_whatsapp}, {@code consent_revoked}
 * @param providerMessageId the provider's message id as a keyed digest ({@code pm_…}, service-support's
 *                          {@code ProviderIds}), never the id itself: a WhatsApp id embeds the recipient's
 *                          number. Tracking digests webhook ids the same way to match them
 * @param maskedPhone the recipient as the admin may see it; never the full number
 */
public record DispatchResult(
        int schemaVersion,
        String resultId,
        String messageId,
        String userId,
        Flow flow,
        String variant,
        Channel channel,
        int attempt,
        DispatchOutcome outcome,
        String cause,
        String providerMessageId,
        String errorCode,
        String maskedPhone,
        Instant at) {

    public static final int SCHEMA_VERSION = 1;
}
