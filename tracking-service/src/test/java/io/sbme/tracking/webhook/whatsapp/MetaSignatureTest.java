package io.sbme.tracking.webhook.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MetaSignatureTest {

    private static final byte[] BODY = "{\"object\":\"whatsapp_business_account\"}".getBytes(StandardCharsets.UTF_8);
    // Computed independently: python3 hmac.new(b'secret', BODY, hashlib.sha256).hexdigest()
    private static final String GOOD = "sha256=03f6dd944ecab4ddac0e3dbc3923b2da4e12b03df679ae23a52efd78ca6056e0";

    @Test
    void acceptsTheSignatureOfTheRawBody() {
        assertThat(MetaSignature.verify("secret", BODY, GOOD)).isEqualTo(MetaSignature.Verdict.VALID);
    }

    @Test
    void refusesASignatureMadeWithAnotherKey() {
        assertThat(MetaSignature.verify("secret", BODY, MetaSignature.sign("other-secret", BODY)))
                .isEqualTo(MetaSignature.Verdict.INVALID);
    }

    @Test
    void refusesTheSignatureWhenOneByteOfTheBodyChanged() {
        byte[] tampered = BODY.clone();
        tampered[tampered.length - 2] ^= 1;

        assertThat(MetaSignature.verify("secret", tampered, GOOD)).isEqualTo(MetaSignature.Verdict.INVALID);
    }

    @Test
    void saysMissingWhenThereIsNoHeader() {
        assertThat(MetaSignature.verify("secret", BODY, null)).isEqualTo(MetaSignature.Verdict.MISSING);
        assertThat(MetaSignature.verify("secret", BODY, " ")).isEqualTo(MetaSignature.Verdict.MISSING);
    }

    @Test
    void refusesAHeaderWithoutThePrefix() {
        assertThat(MetaSignature.verify("secret", BODY, GOOD.substring("sha256=".length())))
                .isEqualTo(MetaSignature.Verdict.INVALID);
    }
}
