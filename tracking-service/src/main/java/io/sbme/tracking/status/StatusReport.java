package io.sbme.tracking.status;

import io.sbme.contracts.Channel;
import java.time.Instant;

/**
 * One status a provider reported for one of our messages, already verified and parsed; carries no
 * phone number.
 *
 * @param providerMessageId the provider's message id as its {@code ProviderIds} digest (the form
 *                          {@code dispatch-results} carries), never in clear: Meta's embeds the number
 * @param messageId our id when the provider echoed it (Meta's {@code biz_opaque_callback_data}, the
 *                  {@code messageId} query of Twilio's callback URL), else null
 */
public record StatusReport(Channel channel, String providerMessageId, String messageId, ProviderStatus status,
                           String errorCode, Instant at) {
}
