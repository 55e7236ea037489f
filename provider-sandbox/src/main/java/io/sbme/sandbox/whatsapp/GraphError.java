package io.sbme.sandbox.whatsapp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A Graph API error as Meta answers it: HTTP status plus the {@code {"error": {...}}} envelope with
 * Meta's real codes (https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
 */
record GraphError(int httpStatus, int code, String title, String details, String type) {

    static GraphError invalidToken() {
        return new GraphError(401, 190, "Invalid OAuth access token - Cannot parse access token", null, "OAuthException");
    }

    static GraphError invalidParameter(String details) {
        return new GraphError(400, 100, "Invalid parameter", details, "OAuthException");
    }

    static GraphError unknownPhoneNumberId(String id) {
        return new GraphError(400, 100, "Unsupported post request. Object with ID '" + id
                + "' does not exist, cannot be loaded due to missing permissions, or does not support this operation",
                null, "GraphMethodException");
    }

    static GraphError missing(String details) {
        return new GraphError(400, 131008, "Required parameter is missing", details, "OAuthException");
    }

    static GraphError notValid(String details) {
        return new GraphError(400, 131009, "Parameter value is not valid", details, "OAuthException");
    }

    static GraphError unknownTemplate(String name, String language) {
        return new GraphError(404, 132001, "Template name does not exist in the translation",
                "template name (" + name + ") does not exist in " + language, "OAuthException");
    }

    static GraphError notOnWhatsApp() {
        return new GraphError(400, 131026, "Message undeliverable", "Unable to deliver message. Reasons can include: "
                + "The recipient phone number is not a WhatsApp phone number.", "OAuthException");
    }

    static GraphError outsideWindow() {
        return new GraphError(400, 131047, "Re-engagement message", "Message failed to send because more than 24 "
                + "hours have passed since the customer last replied to this number.", "OAuthException");
    }

    static GraphError ecosystemLimit() {
        return new GraphError(400, 131049, "This message was not delivered to maintain healthy ecosystem engagement.",
                "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.", "OAuthException");
    }

    static GraphError rateLimited() {
        return new GraphError(429, 130429, "Rate limit hit",
                "Cloud API message throughput has been reached.", "OAuthException");
    }

    static GraphError unavailable() {
        return new GraphError(503, 131016, "Service unavailable",
                "A service is temporarily unavailable. Please try again later.", "OAuthException");
    }

    /** The JSON body Meta sends with the error. */
    Map<String, Object> body() {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "(#" + code + ") " + title);
        error.put("type", type);
        error.put("code", code);
        if (details != null) {
            error.put("error_data", Map.of("messaging_product", "whatsapp", "details", details));
        }
        error.put("fbtrace_id", "A" + UUID.randomUUID().toString().replace("-", "").substring(0, 22));
        return Map.of("error", error);
    }
}
