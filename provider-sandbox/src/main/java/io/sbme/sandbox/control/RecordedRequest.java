package io.sbme.sandbox.control;

/**
 * One provider request as the sandbox received and answered it; what a test reads to prove what
 * was and was not sent.
 *
 * @param receivedAt epoch milliseconds
 * @param channel {@code whatsapp} or {@code sms}
 * @param to the recipient as sent (E.164 with {@code +}), or null when the request had none
 * @param messageId our id: WhatsApp's {@code biz_opaque_callback_data}, or Twilio's {@code StatusCallback} query {@code messageId}
 * @param providerMessageId the id the sandbox answered ({@code wamid.…} or {@code SM…}); null on errors
 * @param status the HTTP status answered
 * @param errorCode the provider error code answered, if any
 * @param body the request body: the JSON for WhatsApp, the form parameters for Twilio
 */
public record RecordedRequest(long receivedAt, String channel, String to, String messageId, String providerMessageId,
                              int status, Integer errorCode, Object body) {
}
