package io.sbme.dispatcher.whatsapp;

import io.sbme.dispatcher.SendOutcome;
import java.util.Map;

/**
 * Meta's Cloud API error codes and what they mean for us: permanent codes move on to the next
 * channel at once, transient ones are retried with backoff.
 * Source: developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes.
 */
final class WhatsAppErrors {

    private static final Map<Integer, String> PERMANENT = Map.ofEntries(
            Map.entry(131026, "not_on_whatsapp"),
            Map.entry(131047, "outside_window"),
            Map.entry(131049, "marketing_limited"),
            Map.entry(131050, "marketing_opted_out"),
            Map.entry(131051, "unsupported_message"),
            Map.entry(131021, "recipient_is_sender"),
            Map.entry(131008, "missing_parameter"),
            Map.entry(131009, "invalid_parameter"),
            Map.entry(132000, "template_parameter_mismatch"),
            Map.entry(132001, "template_missing"),
            Map.entry(132012, "template_parameter_format"),
            Map.entry(132018, "template_parameter_format"),
            Map.entry(100, "invalid_request"),
            Map.entry(190, "provider_auth"),
            Map.entry(10, "provider_permission"));

    private static final Map<Integer, String> TRANSIENT = Map.of(
            130429, "rate_limited",
            131056, "pair_rate_limited",
            131000, "provider_error",
            131016, "provider_unavailable",
            133004, "provider_unavailable",
            4, "rate_limited",
            80007, "rate_limited",
            2, "provider_unavailable",
            1, "provider_error");

    private WhatsAppErrors() {
    }

    static SendOutcome classify(int httpStatus, Integer code) {
        String errorCode = code == null ? "http_" + httpStatus : String.valueOf(code);
        if (code != null && PERMANENT.containsKey(code)) {
            return new SendOutcome.Permanent(PERMANENT.get(code), errorCode);
        }
        if (code != null && TRANSIENT.containsKey(code)) {
            return new SendOutcome.Transient(TRANSIENT.get(code), errorCode);
        }
        if (httpStatus == 429) {
            return new SendOutcome.Transient("rate_limited", errorCode);
        }
        if (httpStatus >= 500) {
            return new SendOutcome.Transient("provider_error", errorCode);
        }
        return new SendOutcome.Permanent("provider_rejected", errorCode);
    }

    /** Our cause for a code that arrived later in a {@code failed} status webhook. */
    static String causeOf(String code) {
        try {
            return PERMANENT.getOrDefault(Integer.parseInt(code), "provider_failed");
        } catch (NumberFormatException e) {
            return "provider_failed";
        }
    }
}
