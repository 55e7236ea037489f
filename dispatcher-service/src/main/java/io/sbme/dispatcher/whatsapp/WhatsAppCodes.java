package io.sbme.dispatcher.whatsapp;

/** Our cause for a Cloud API error code, for callers outside this package (status webhooks). */
public final class WhatsAppCodes {

    private WhatsAppCodes() {
    }

    public static String causeOf(String code) {
        return WhatsAppErrors.causeOf(code);
    }
}
