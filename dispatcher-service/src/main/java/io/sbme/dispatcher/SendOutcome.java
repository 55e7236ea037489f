package io.sbme.dispatcher;

/** What a provider made of one request. */
public sealed interface SendOutcome {

    /**
     * The provider took the message; its id lets tracking match status webhooks. The id as the
     * provider answered it, which may embed the recipient's number: the dispatcher keeps only its
     * {@code ProviderIds} digest.
     */
    record Accepted(String providerMessageId) implements SendOutcome {
    }

    /**
     * The provider refused for good (not a WhatsApp user, opted out, bad template, ...): retrying
     * would get the same answer, so the next channel is tried at once.
     *
     * @param cause our stable code, e.g. {@code not_on_whatsapp}
     * @param errorCode the provider's code, e.g. {@code 131026}
     */
    record Permanent(String cause, String errorCode) implements SendOutcome {
    }

    /** A failure that may pass: a timeout, a rate limit, a provider outage. Retried with backoff. */
    record Transient(String cause, String errorCode) implements SendOutcome {
    }

    /** The channel never sends (Instagram is preview-only). */
    record NotSendable(String cause) implements SendOutcome {
    }
}
