package io.sbme.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @Test
    void defaultsFollowTheLocalStackTableOfTheApiContract() {
        Settings settings = Settings.fromEnvironment(Map.of());

        assertThat(settings.httpPort()).isEqualTo(8080);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.redisPort()).isEqualTo(6379);
        assertThat(settings.sandboxPort()).isEqualTo(8090);
        assertThat(settings.adminUser()).isEqualTo("admin");
        assertThat(settings.adminPasswordGenerated()).isTrue();
        assertThat(settings.adminPassword()).hasSizeGreaterThanOrEqualTo(16);
        assertThat(settings.ingestApiKeyGenerated()).isTrue();
        assertThat(settings.dataDir().getFileName().toString()).isEqualTo(".sbme");
        assertThat(settings.demo()).isTrue();
    }

    @Test
    void generatedSecretsDifferBetweenStarts() {
        assertThat(Settings.fromEnvironment(Map.of()).adminPassword())
                .isNotEqualTo(Settings.fromEnvironment(Map.of()).adminPassword());
    }

    @Test
    void givenValuesWin() {
        Settings settings = Settings.fromEnvironment(Map.of("SBME_HTTP_PORT", "9000", "SBME_ADMIN_PASSWORD", "pw-given",
                "SBME_DEMO", "false", "SBME_INGEST_API_KEY", "k1"));

        assertThat(settings.httpPort()).isEqualTo(9000);
        assertThat(settings.adminPassword()).isEqualTo("pw-given");
        assertThat(settings.adminPasswordGenerated()).isFalse();
        assertThat(settings.ingestApiKey()).isEqualTo("k1");
        assertThat(settings.demo()).isFalse();
    }

    @Test
    void passesTheServicesOwnSettingsOnButKeepsItsOwn() {
        Settings settings = Settings.fromEnvironment(Map.of("SBME_ALLOWED_REGIONS", "IN,AE", "SBME_HTTP_PORT", "9000",
                "SBME_INTERNAL_SECRET", "s3cret-s3cret-s3cret", "PATH", "/usr/bin"));

        assertThat(settings.serviceSettings()).containsExactly(Map.entry("SBME_ALLOWED_REGIONS", "IN,AE"));
    }

    @Test
    void aPortThatIsNotANumberIsRefusedWithItsName() {
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("SBME_KAFKA_PORT", "ninety")))
                .hasMessageContaining("SBME_KAFKA_PORT").hasMessageContaining("ninety");
        assertThatThrownBy(() -> Settings.fromEnvironment(Map.of("SBME_HTTP_PORT", "70000")))
                .hasMessageContaining("SBME_HTTP_PORT");
    }

    @Test
    void portsAreNeverHandedOutTwice() {
        Ports ports = new Ports();

        int first = ports.nextFree(20_000);
        int second = ports.nextFree(20_000);

        assertThat(second).isGreaterThan(first);
    }
}
