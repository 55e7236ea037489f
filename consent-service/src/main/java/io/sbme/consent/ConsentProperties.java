package io.sbme.consent;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of consent-service.
 *
 * @param defaultRegion the region national-format numbers are read in (ISO 3166 alpha-2)
 * @param allowedRegions the countries whose numbers may opt in (ISO 3166 alpha-2); empty = the default region
 * @param publishTimeout how long a consent change waits for Kafka's acknowledgement before failing
 * @param vault where the contact vault's master key comes from
 * @param privacy which services must confirm an erase request
 * @param confirmationsPerNumberPerDay how many confirmation messages one number may be sent a day
 * @param demo the demo's simulated phone
 */
@ConfigurationProperties("consent")
public record ConsentProperties(String defaultRegion, List<String> allowedRegions, Duration publishTimeout, Vault vault,
                                Privacy privacy, int confirmationsPerNumberPerDay, Demo demo) {

    public ConsentProperties {
        defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? "IN" : defaultRegion;
        allowedRegions = allowedRegions == null || allowedRegions.stream().allMatch(String::isBlank)
                ? List.of(defaultRegion)
                : allowedRegions.stream().filter(region -> !region.isBlank()).toList();
        publishTimeout = publishTimeout == null ? Duration.ofSeconds(5) : publishTimeout;
        vault = vault == null ? new Vault(null, null, false) : vault;
        privacy = privacy == null ? new Privacy(null) : privacy;
        confirmationsPerNumberPerDay = confirmationsPerNumberPerDay <= 0 ? 3 : confirmationsPerNumberPerDay;
        demo = demo == null ? new Demo(false, null, null) : demo;
    }

    /**
     * @param enabled {@code SBME_DEMO}: the storefront's simulated phone may reply through the sandbox
     * @param sandboxUrl the provider sandbox, whose inbound webhook carries the simulated reply
     * @param sandboxToken the sandbox's control token, needed when it listens beyond loopback
     */
    public record Demo(boolean enabled, String sandboxUrl, String sandboxToken) {
    }

    /**
     * @param masterKey base64 of 32 bytes ({@code SBME_VAULT_MASTER_KEY}); blank = a local key file
     * @param dataDir where the local key file is kept ({@code SBME_DATA_DIR})
     * @param masterKeyRequired refuse to start without a configured key ({@code SBME_VAULT_MASTER_KEY_REQUIRED}):
     *     where a local file does not outlive the process, as in a pod, a generated key would lose the vault
     */
    public record Vault(String masterKey, Path dataDir, boolean masterKeyRequired) {
        public Vault {
            dataDir = dataDir == null ? Path.of(".sbme") : dataDir;
        }
    }

    /** @param expectedServices the services that hold per-user state and acknowledge erase requests */
    public record Privacy(List<String> expectedServices) {
        public Privacy {
            expectedServices = expectedServices == null || expectedServices.isEmpty()
                    ? List.of("consent-service", "decision-service", "dispatcher-service", "tracking-service",
                            "dashboard-service")
                    : List.copyOf(expectedServices);
        }
    }
}
