package io.sbme.sandbox.sms;

import java.util.LinkedHashMap;
import java.util.Map;

/** A Twilio REST error: HTTP status plus Twilio's {@code {code, message, more_info, status}} JSON. */
record TwilioError(int status, int code, String message) {

    Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("code", code);
        body.put("message", message);
        body.put("more_info", "https://www.twilio.com/docs/errors/" + code);
        body.put("status", status);
        return body;
    }
}
