package io.sbme.support.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholderSecretsTest {

    @Test
    void refusesTheShippedPlaceholdersNamingTheSettingAndNotTheValue() {
        assertThatThrownBy(() -> PlaceholderSecrets.check(Map.of("SBME_ADMIN_PASSWORD", "change-me")))
                .hasMessageStartingWith("SBME_ADMIN_PASSWORD is still the placeholder");
        assertThatThrownBy(() -> PlaceholderSecrets.check(Map.of("SBME_INTERNAL_SECRET", "change-me-at-least-16-chars")))
                .hasMessageStartingWith("SBME_INTERNAL_SECRET");
        assertThatThrownBy(() -> PlaceholderSecrets.check(Map.of("SBME_TWILIO_AUTH_TOKEN", "Compose-CHANGE-ME")))
                .hasMessageNotContaining("Compose-CHANGE-ME");
    }

    @Test
    void acceptsRealSecretsAndSettingsThatAreNotSecrets() {
        assertThatCode(() -> PlaceholderSecrets.check(Map.of("SBME_ADMIN_PASSWORD", "3f9a0c7d1e2b4a68",
                "SBME_DEMO", "change-me", "PATH", "/usr/bin"))).doesNotThrowAnyException();
    }
}
