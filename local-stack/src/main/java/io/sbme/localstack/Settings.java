package io.sbme.localstack;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The launcher's settings, from the environment variables documented in API.md ("Local stack
 * settings"), with local defaults.
 *
 * @param home the repository root, where each module's {@code target/} holds its jar
 * @param freePorts take the next free port for every service instead of the fixed port plan
 *     (tests do this so they can run beside a developer's stack)
 * @param aot start services from a JDK AOT cache, recorded on the first run ({@code SBME_AOT})
 * @param serviceSettings every other {@code SBME_*} setting given, passed on to the services as it is
 *     (e.g. {@code SBME_ALLOWED_REGIONS}); children started by {@code ./run.sh} inherit the
 *     launcher's environment anyway, this carries them for a launcher started from code
 */
public record Settings(
        Path home,
        int httpPort,
        int kafkaPort,
        int redisPort,
        int sandboxPort,
        String adminUser,
        String adminPassword,
        boolean adminPasswordGenerated,
        String ingestApiKey,
        boolean ingestApiKeyGenerated,
        Path dataDir,
        boolean demo,
        boolean freePorts,
        String internalSecret,
        boolean aot,
        Map<String, String> serviceSettings) {

    /** The settings the launcher reads itself rather than passing on. */
    private static final Set<String> OWN = Set.of("SBME_HOME", "SBME_HTTP_PORT", "SBME_KAFKA_PORT", "SBME_REDIS_PORT",
            "SBME_SANDBOX_PORT", "SBME_ADMIN_USER", "SBME_ADMIN_PASSWORD", "SBME_INGEST_API_KEY", "SBME_DATA_DIR",
            "SBME_DEMO", "SBME_FREE_PORTS", "SBME_INTERNAL_SECRET", "SBME_AOT");

    private static final SecureRandom RANDOM = new SecureRandom();

    public static Settings fromEnvironment(Map<String, String> env) {
        Path home = Path.of(env.getOrDefault("SBME_HOME", ".")).toAbsolutePath().normalize();
        String password = env.get("SBME_ADMIN_PASSWORD");
        String apiKey = env.get("SBME_INGEST_API_KEY");
        return new Settings(home,
                intOf(env, "SBME_HTTP_PORT", 8080),
                intOf(env, "SBME_KAFKA_PORT", 9092),
                intOf(env, "SBME_REDIS_PORT", 6379),
                intOf(env, "SBME_SANDBOX_PORT", 8090),
                env.getOrDefault("SBME_ADMIN_USER", "admin"),
                blank(password) ? secret(9) : password, blank(password),
                blank(apiKey) ? "sbme_" + secret(16) : apiKey, blank(apiKey),
                home.resolve(env.getOrDefault("SBME_DATA_DIR", ".sbme")).normalize(),
                !"false".equalsIgnoreCase(env.getOrDefault("SBME_DEMO", "true")),
                "true".equalsIgnoreCase(env.getOrDefault("SBME_FREE_PORTS", "false")),
                env.getOrDefault("SBME_INTERNAL_SECRET", secret(24)),
                !"false".equalsIgnoreCase(env.getOrDefault("SBME_AOT", "true")),
                env.entrySet().stream()
                        .filter(e -> e.getKey().startsWith("SBME_") && !OWN.contains(e.getKey()))
                        .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue)));
    }

    private static int intOf(Map<String, String> env, String name, int fallback) {
        String value = env.get(name);
        if (blank(value)) {
            return fallback;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a port number (1-65535), was '" + value + "'");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String secret(int bytes) {
        byte[] buffer = new byte[bytes];
        RANDOM.nextBytes(buffer);
        return HexFormat.of().formatHex(buffer);
    }
}
