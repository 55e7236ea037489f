package io.sbme.sandbox.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void twilioSignatureMatchesTwilioPublishedExample() {
        // The example of https://www.twilio.com/docs/usage/security (auth token 12345).
        Map<String, List<String>> params = Map.of(
                "CallSid", List.of("CA1234567890ABCDE"),
                "Caller", List.of("+12349013030"),
                "Digits", List.of("1234"),
                "From", List.of("+12349013030"),
                "To", List.of("+18005551212"));

        String signature = Signatures.twilio("12345", "https://mycompany.com/myapp.php?foo=1&bar=2", params);

        assertThat(signature).isEqualTo("0/KCTR6DLpKmkAf8muzZqo1nDgQ=");
    }

    @Test
    void metaSignatureIsPrefixedLowercaseHexHmacSha256OfTheRawBody() {
        byte[] body = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);

        String signature = Signatures.meta("secret", body);

        // Computed independently: python3 hmac.new(b'secret', body, hashlib.sha256).hexdigest()
        assertThat(signature).isEqualTo("sha256=03f6dd944ecab4ddac0e3dbc3923b2da4e12b03df679ae23a52efd78ca6056e0");
    }
}
