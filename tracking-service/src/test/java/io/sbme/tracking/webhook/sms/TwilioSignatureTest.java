package io.sbme.tracking.webhook.sms;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TwilioSignatureTest {

    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";

    private static Map<String, List<String>> params(String caller) {
        return Map.of(
                "CallSid", List.of("CA1234567890ABCDE"),
                "Caller", List.of(caller),
                "Digits", List.of("1234"),
                "From", List.of(caller),
                "To", List.of("+18005551212"));
    }

    @Test
    void matchesTwilioPublishedExampleVector() {
        // https://www.twilio.com/docs/usage/security: auth token 12345, this URL and these parameters.
        assertThat(TwilioSignature.verify("12345", URL, params("+12349013030"), "0/KCTR6DLpKmkAf8muzZqo1nDgQ="))
                .isEqualTo(TwilioSignature.Verdict.VALID);
        // The same example as Twilio's own SDK tests pin it.
        assertThat(TwilioSignature.sign("12345", URL, params("+14158675309"))).isEqualTo("RSOYDt4T1cUTdK1PDd93/VVr8B8=");
    }

    @Test
    void refusesWhenTheUrlDiffersFromTheOneSigned() {
        String signature = TwilioSignature.sign("12345", URL, params("+12349013030"));

        assertThat(TwilioSignature.verify("12345", "http://tracking-service:8086/myapp.php?foo=1&bar=2",
                params("+12349013030"), signature)).isEqualTo(TwilioSignature.Verdict.INVALID);
        assertThat(TwilioSignature.verify("12345", "https://mycompany.com/myapp.php?foo=1&bar=3",
                params("+12349013030"), signature)).isEqualTo(TwilioSignature.Verdict.INVALID);
    }

    @Test
    void refusesAnotherKeyAChangedParameterAndAMissingHeader() {
        String signature = TwilioSignature.sign("12345", URL, params("+12349013030"));

        assertThat(TwilioSignature.verify("54321", URL, params("+12349013030"), signature))
                .isEqualTo(TwilioSignature.Verdict.INVALID);
        assertThat(TwilioSignature.verify("12345", URL, params("+12349013031"), signature))
                .isEqualTo(TwilioSignature.Verdict.INVALID);
        assertThat(TwilioSignature.verify("12345", URL, params("+12349013030"), null))
                .isEqualTo(TwilioSignature.Verdict.MISSING);
    }

    @Test
    void parsesFormBodiesWithEncodedValues() {
        Map<String, List<String>> form = TwilioWebhookController.parseForm("Body=Hi%20there%21&From=%2B919876549721&Body=again");

        assertThat(form.get("Body")).containsExactly("Hi there!", "again");
        assertThat(form.get("From")).containsExactly("+919876549721");
    }
}
