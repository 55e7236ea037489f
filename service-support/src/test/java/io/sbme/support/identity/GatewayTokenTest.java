package io.sbme.support.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class GatewayTokenTest {

    private final Clock clock = Clock.fixed(Instant.parse("2026-11-24T10:00:00Z"), ZoneOffset.UTC);
    private final GatewayToken tokens = new GatewayToken("a-secret-of-sufficient-length", clock, Duration.ofSeconds(60));

    @Test
    void aMintedTokenVerifiesAsItsCaller() {
        String token = tokens.mint(new Caller("u-123", Caller.Role.SHOPPER));

        assertThat(tokens.verify(token)).contains(new Caller("u-123", Caller.Role.SHOPPER));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        String forged = new GatewayToken("another-secret-of-sufficient-length", clock, Duration.ofSeconds(60))
                .mint(new Caller("admin", Caller.Role.ADMIN));

        assertThat(tokens.verify(forged)).isEmpty();
    }

    @Test
    void anExpiredTokenIsRefused() {
        String token = tokens.mint(new Caller("u-123", Caller.Role.SHOPPER));
        GatewayToken later = new GatewayToken("a-secret-of-sufficient-length",
                Clock.offset(clock, Duration.ofSeconds(61)), Duration.ofSeconds(60));

        assertThat(later.verify(token)).isEmpty();
    }

    @Test
    void anAlteredSubjectIsRefused() {
        String token = tokens.mint(new Caller("u-123", Caller.Role.SHOPPER));
        String body = new String(java.util.Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.'))));
        String altered = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(body.replace("SHOPPER", "ADMIN").getBytes()) + token.substring(token.indexOf('.'));

        assertThat(tokens.verify(altered)).isEmpty();
        assertThat(tokens.verify("garbage")).isEmpty();
        assertThat(tokens.verify(null)).isEmpty();
    }
}
